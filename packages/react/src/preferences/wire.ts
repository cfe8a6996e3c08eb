/**
 * TEMPORARY: the preferences route's wire types, written from its contract until
 * `@fyno-kit/core/server` exports them; then this file re-exports them type-only.
 */
import type { PreferenceChannel } from '@fyno-kit/core';

export type { PreferenceChannel };

/** One channel of one topic: `on` is what a fire would do; `required` channels are locked. */
export interface PreferencesChannelView {
  channel: PreferenceChannel;
  on: boolean;
  required: boolean;
}
export interface PreferencesTopicView {
  id: string;
  name: string;
  description?: string;
  channels: PreferencesChannelView[];
}
export interface PreferencesSectionView {
  name: string;
  topics: PreferencesTopicView[];
}
export interface PreferencesGlobalView {
  channel: PreferenceChannel;
  on: boolean;
}
export interface PreferencesView {
  sections: PreferencesSectionView[];
  global: PreferencesGlobalView[];
}
export type PreferencesErrorCode = 'topic_not_allowed' | 'channel_required';
