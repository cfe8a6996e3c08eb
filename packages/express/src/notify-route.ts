/**
 * `notifyRoute(policy)`: the core notify route as Express middleware. It only translates: the
 * request into core's exchange (./exchange.ts); the core route does the rest.
 */
import { createNotifyRoute } from '@fyno-kit/core/adapter';
import type { NotifyPolicy } from '@fyno-kit/core/server';
import { bodyRouteHandlers } from './exchange';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';

/**
 * The route as Express mounts it: the handler, and an error handler for the same path that answers a
 * body the app's own parser (`express.json()`) refused, in the route's shape instead of Express's page.
 */
export type NotifyRouteHandlers = [RequestHandler, ErrorRequestHandler];

/**
 * The notify route the browser (`useNotify()`) calls. Mount it at its path:
 * `app.use('/api/fyno/notify', notifyRoute(policy))` (or `app.post(path, notifyRoute(policy))`).
 * `identify` receives the Express `req`. Without `policy.client`, it sends with `req.fyno` when the
 * `fyno()` middleware ran, else with a `Fyno` built from `FYNO_*` variables on first use.
 * It reads its own body, or uses what `express.json()` parsed when that ran first. It always answers
 * with its own JSON: no error reaches `next(err)` or Express's error page (`onError` or the default
 * log line gets unexpected ones), and a client that goes away mid-body gets nothing and reports nothing.
 *
 * @example
 * app.use(fyno());
 * app.use('/api/fyno/notify', notifyRoute({
 *   identify: (req) => req.session?.userId ?? null,
 *   events: { order_shipped: { data: z.object({ order: z.string() }) } },
 * }));
 */
export function notifyRoute(policy: NotifyPolicy<Request>): NotifyRouteHandlers {
  return bodyRouteHandlers(createNotifyRoute<Request>(policy));
}
