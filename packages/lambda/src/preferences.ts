/**
 * `preferencesHandler(policy)`: core's preferences route as a Lambda handler behind a Function URL or
 * an HTTP API route (GET and POST). The event becomes a `Request` for core's web handler, as the
 * notify handler does; `identify` gets the event and the Lambda context.
 */
import { createPreferencesHandler, type PreferencesHandlerPolicy } from '@fyno-kit/core/server';
import type { LambdaHttpEvent, LambdaHttpResult } from './event';
import type { LambdaNotifyContext } from './notify-handler';
import { eventToRequest, responseToResult } from './to-request';

/**
 * The route the browser's settings page (`usePreferences()`) calls: `GET` reads the signed-in user's
 * preferences, `POST` changes them. `identify` is the notify handler's (the authorizer's claims on
 * `event`); the user id never comes from the request itself.
 *
 * @example
 * export const handler = preferencesHandler({
 *   identify: (_request, { event }) => event.requestContext.authorizer?.jwt?.claims?.sub?.toString(),
 *   topics: { SORDERS001: true },
 * });
 */
export function preferencesHandler<TEvent extends LambdaHttpEvent = LambdaHttpEvent>(
  policy: PreferencesHandlerPolicy<LambdaNotifyContext<TEvent>>,
): (event: TEvent, context?: unknown) => Promise<LambdaHttpResult> {
  const handle = createPreferencesHandler<LambdaNotifyContext<TEvent>>(policy);
  return async (event, context) => responseToResult(await handle(eventToRequest(event), { event, context }));
}
