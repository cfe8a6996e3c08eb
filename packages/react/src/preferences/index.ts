/**
 * @fyno-kit/react/preferences: `usePreferences()`, the signed-in user's own notification
 * preferences through the app's preferences route. A separate entry, so `useNotify()` users pay nothing.
 */
export {
  usePreferences,
  DEFAULT_PREFERENCES_ENDPOINT,
  type UsePreferencesOptions,
  type UsePreferencesResult,
  type PreferencesCallbacks,
  type PreferencesError,
  type PreferencesStatus,
} from './use-preferences';
export type { PreferenceChange } from './apply-change';
export { NotifyError, isNotifyError, type NotifyClientErrorCode } from '../notify-error';
export type {
  PreferenceChannel,
  PreferencesChannelView,
  PreferencesErrorCode,
  PreferencesGlobalView,
  PreferencesSectionView,
  PreferencesTopicView,
  PreferencesView,
} from '@fyno-kit/core/server';
