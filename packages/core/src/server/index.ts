/** @fyno-kit/core/server: the browser-facing notify route, framework-agnostic and web-standard. */
export { createNotifyRoute } from './route';
export { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_NOTIFY_MAX_BODY_BYTES } from './limits';
export { createNotifyHandler, type NotifyHandlerArgs, type NotifyHandlerPolicy } from './web-handler';
export type { ContextWebHandler } from './host-context';
export type { NodeHandlerArgs, NodeHandlerRequest } from './node-handler';
export { createInappSessionHandler, DEFAULT_INAPP_URL, type InappSessionHandlerOptions } from './inapp-session';
export type {
  InappSession,
  InappSessionAnswer,
  InappSessionClient,
  InappSessionOptions,
  InappSessionRoute,
} from './inapp-session';
export { defineNotifyPolicy } from './define-policy';
export { definePreferencesPolicy } from './define-preferences-policy';
export { createPreferencesHandler, type PreferencesHandlerPolicy } from './preferences-handler';
export { DEFAULT_PREFERENCES_DEFAULTS_PROFILE, DEFAULT_PREFERENCES_MAX_BODY_BYTES, DEFAULT_PREFERENCES_RATE_LIMIT } from './preferences-route';
export { MAX_PREFERENCE_CHANGES } from './preferences-body';
export { PREFERENCES_ERROR_CODES, PREFERENCES_ERROR_MESSAGES, PREFERENCES_ERROR_STATUS } from './preferences-errors';
// The wire format and the policy: types only, so `@fyno-kit/react/preferences` pays nothing at run time.
export type {
  PreferenceChangeInput,
  PreferenceChannel,
  PreferencesAnswer,
  PreferencesChangeBody,
  PreferencesChannelView,
  PreferencesErrorBody,
  PreferencesErrorCode,
  PreferencesGlobalView,
  PreferencesPolicy,
  PreferencesRoute,
  PreferencesRouteClient,
  PreferencesSectionView,
  PreferencesTopicRule,
  PreferencesTopicView,
  PreferencesView,
} from './preferences-types';
export { NOTIFY_ERROR_CODES, NOTIFY_ERROR_MESSAGES, NOTIFY_ERROR_STATUS } from './error-codes';
export { DEFAULT_RATE_LIMIT } from './rate-limiter';
// Adapters and custom hosts: the exchange and its Node and web pieces are in @fyno-kit/core/adapter.
export type {
  DataRule,
  EventRule,
  NotifyRouteClient,
  NotifyContext,
  NotifyErrorBody,
  NotifyErrorCode,
  NotifyEventData,
  NotifyEventName,
  NotifyHttpResponse,
  NotifyPolicy,
  NotifyRoute,
  NotifySuccessBody,
  ParserLike,
  RateLimiterLike,
  RateLimitOptions,
  StandardSchemaLike,
} from './types';
