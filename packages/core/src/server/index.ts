/** @fyno-kit/core/server: the browser-facing notify route, framework-agnostic and web-standard. */
export { createNotifyRoute } from './route';
export { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_NOTIFY_MAX_BODY_BYTES } from './limits';
export { createNotifyHandler, type NotifyHandlerArgs, type NotifyHandlerPolicy } from './web-handler';
export { createInappSessionHandler, DEFAULT_INAPP_URL, type InappSessionHandlerOptions } from './inapp-session';
export type {
  InappSession,
  InappSessionAnswer,
  InappSessionClient,
  InappSessionOptions,
  InappSessionRoute,
} from './inapp-session';
export { defineNotifyPolicy } from './define-policy';
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
  NotifyHttpBody,
  NotifyHttpRequest,
  NotifyHttpRequestBase,
  NotifyHttpResponse,
  NotifyPolicy,
  NotifyRoute,
  NotifySuccessBody,
  ParserLike,
  RateLimiterLike,
  RateLimitOptions,
  StandardSchemaLike,
} from './types';
