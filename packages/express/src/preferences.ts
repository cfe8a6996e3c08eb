/**
 * `preferences(policy)`: the core preferences route as Express middleware. Translation only: the
 * request becomes core's exchange (./exchange.ts); the route does the rest.
 */
import { createPreferencesRoute } from '@fyno-kit/core/adapter';
import type { PreferencesPolicy } from '@fyno-kit/core/server';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { bodyRouteHandlers } from './exchange';

/** The route as Express mounts it: the handler, and an error handler answering a body `express.json()` refused. */
export type PreferencesHandlers = [RequestHandler, ErrorRequestHandler];

/**
 * The route the browser's settings page (`usePreferences()`) calls: `GET` reads the signed-in
 * user's preferences, `POST` changes them. Mount it at its path:
 * `app.use('/api/fyno/preferences', preferences(policy))`. `identify` receives the Express `req`;
 * the user id never comes from the request itself. Without `policy.client` it calls Fyno with
 * `req.fyno` when the `fyno()` middleware ran, else with a `Fyno` built from `FYNO_*` variables.
 *
 * @example
 * app.use('/api/fyno/preferences', preferences({
 *   identify: (req) => req.session?.userId ?? null,
 *   topics: { SORDERS001: true, SNEWS00001: { channels: ['email'] } },
 *   global: ['email', 'sms'],
 * }));
 */
export function preferences(policy: PreferencesPolicy<Request>): PreferencesHandlers {
  return bodyRouteHandlers(createPreferencesRoute<Request>(policy));
}
