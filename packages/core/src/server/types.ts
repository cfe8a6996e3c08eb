/**
 * Every type of the notify route, by concern: the policy (./policy-types.ts), the wire format
 * (./http-types.ts), the route on its exchange (./route-types.ts) and the browser's inference
 * (./browser-types.ts). Import from here or from the file of the concern.
 */
export type { NodeRequestLike, NodeResponseLike } from './exchange';
export type {
  DataRule,
  EventRule,
  NotifyContext,
  NotifyPolicy,
  NotifyRouteClient,
  ParserLike,
  RateLimiterLike,
  RateLimitOptions,
  StandardSchemaLike,
} from './policy-types';
export type { NotifyErrorBody, NotifyErrorCode, NotifyHttpResponse, NotifySuccessBody } from './http-types';
export type { NotifyExchange, NotifyRoute } from './route-types';
export type { NotifyEventData, NotifyEventName } from './browser-types';
