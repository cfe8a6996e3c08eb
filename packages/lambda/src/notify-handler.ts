/**
 * `notifyHandler(policy)`: the core notify route as a Lambda handler behind a Function URL or an API
 * Gateway HTTP API (payload 2.0). The event becomes a `Request` for core's web handler, and its
 * `Response` the result; `identify` gets the event and the Lambda context.
 */
import { createNotifyHandler, type NotifyHandlerPolicy } from '@fyno-kit/core/server';
import type { LambdaHttpEvent, LambdaHttpResult } from './event';
import { eventToRequest, responseToResult } from './to-request';

/** What `identify` receives besides the `Request`: the raw event (its authorizer claims) and the Lambda context. */
export interface LambdaNotifyContext<TEvent extends LambdaHttpEvent = LambdaHttpEvent> {
  event: TEvent;
  context: unknown;
}

/**
 * The notify route as a Lambda handler. Create it once, outside the handler's code path, so its rate
 * limiter and default client live as long as the instance (a per-instance limit: use a shared store
 * such as `RateLimiterDynamo` or `RateLimiterRedis` for one limit across instances).
 *
 * @example
 * export const handler = notifyHandler({
 *   identify: (_request, { event }) => event.requestContext.authorizer?.jwt?.claims?.sub?.toString(),
 *   events: { order_shipped: {} },
 * });
 */
export function notifyHandler<TEvent extends LambdaHttpEvent = LambdaHttpEvent>(
  policy: NotifyHandlerPolicy<LambdaNotifyContext<TEvent>>,
): (event: TEvent, context?: unknown) => Promise<LambdaHttpResult> {
  const handle = createNotifyHandler<LambdaNotifyContext<TEvent>>(policy);
  return async (event, context) => responseToResult(await handle(eventToRequest(event), { event, context }));
}
