/** @fyno-kit/core/server: the browser-facing notify route, framework-agnostic and web-standard. */
export { createNotifyRoute, DEFAULT_MAX_BODY_BYTES } from './route';
export { createNotifyHandler } from './web-handler';
export { defineNotifyPolicy } from './define-policy';
export { NOTIFY_ERROR_CODES, NOTIFY_ERROR_STATUS } from './error-codes';
export { DEFAULT_RATE_LIMIT } from './rate-limiter';
export type {
  DataRule,
  EventRule,
  NotifyClient,
  NotifyContext,
  NotifyErrorBody,
  NotifyErrorCode,
  NotifyEventData,
  NotifyEventName,
  NotifyHttpRequest,
  NotifyHttpResponse,
  NotifyPolicy,
  NotifyRoute,
  NotifySuccessBody,
  ParserLike,
  RateLimitOptions,
  StandardSchemaLike,
} from './types';
