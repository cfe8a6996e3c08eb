/** @fyno-kit/core/server: the browser-facing notify route, framework-agnostic and web-standard. */
export { createNotifyRoute } from './route';
export { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES } from './limits';
export { createNotifyHandler, type NotifyHandlerArgs, type NotifyHandlerPolicy } from './web-handler';
export { createInappSessionHandler, DEFAULT_INAPP_URL } from './inapp-session';
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
// For adapters on Node's HTTP server (Express, Nest, Fastify): the pieces of one exchange.
export { announcesBody, nodeBodySource, nodeHeader, nodeSink } from './node-exchange';
export { readNodeBody } from './read-body';
export { bodyTimeoutError, isClientGone, isParserError } from './parser-error';
export type {
  DataRule,
  EventRule,
  NodeRequestLike,
  NodeResponseLike,
  NotifyBodySource,
  NotifyClient,
  NotifyContext,
  NotifyErrorBody,
  NotifyErrorCode,
  NotifyEventData,
  NotifyEventName,
  NotifyExchange,
  NotifyHttpBody,
  NotifyHttpRequest,
  NotifyHttpRequestBase,
  NotifyHttpResponse,
  NotifyPolicy,
  NotifyRoute,
  NotifySink,
  NotifySuccessBody,
  ParserLike,
  RateLimiterLike,
  RateLimitOptions,
  StandardSchemaLike,
} from './types';
