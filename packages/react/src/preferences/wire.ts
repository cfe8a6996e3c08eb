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
/** One subscription topic (by Fyno's subscription id) and the channels the route shows for it. */
export interface PreferencesTopicView {
  id: string;
  name: string;
  description?: string;
  channels: PreferencesChannelView[];
}
/** A section of topics, in Fyno's order. */
export interface PreferencesSectionView {
  name: string;
  topics: PreferencesTopicView[];
}
/** One channel of the global switch: `on: false` is a global opt-out. */
export interface PreferencesGlobalView {
  channel: PreferenceChannel;
  on: boolean;
}
/** What the preferences route answers: the signed-in user's own preferences, as far as the route shows them. */
export interface PreferencesView {
  sections: PreferencesSectionView[];
  global: PreferencesGlobalView[];
}
/** The preferences route's own error codes, besides the notify route's. */
export type PreferencesErrorCode = 'topic_not_allowed' | 'channel_required';
