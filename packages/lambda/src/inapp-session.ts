/**
 * `inappSessionHandler(options)`: core's in-app session route as a Lambda handler behind a Function
 * URL or an HTTP API route (POST). The event becomes a `Request` for core's web handler, as the
 * notify handler does; `identify` gets the event and the Lambda context.
 */
import { createInappSessionHandler, type InappSessionHandlerOptions } from '@fyno-kit/core/server';
import type { LambdaHttpEvent, LambdaHttpResult } from './event';
import type { LambdaNotifyContext } from './notify-handler';
import { eventToRequest, responseToResult } from './to-request';

/**
 * The route the browser's inbox (`useInbox()`) calls for its signed session. `identify` is the notify
 * handler's (the authorizer's claims on `event`); the integration token never leaves the function.
 *
 * @example
 * export const handler = inappSessionHandler({
 *   identify: (_request, { event }) => event.requestContext.authorizer?.jwt?.claims?.sub?.toString(),
 * });
 */
export function inappSessionHandler<TEvent extends LambdaHttpEvent = LambdaHttpEvent>(
  options: InappSessionHandlerOptions<LambdaNotifyContext<TEvent>>,
): (event: TEvent, context?: unknown) => Promise<LambdaHttpResult> {
  const handle = createInappSessionHandler<LambdaNotifyContext<TEvent>>(options);
  return async (event, context) => responseToResult(await handle(eventToRequest(event), { event, context }));
}
