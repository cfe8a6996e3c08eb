/**
 * `notifyRoute(policy)`: the core notify route as a Fastify plugin. Fastify's content-type parser
 * reads the body with the route's cap; the plugin only translates what it made of the body (a value,
 * bytes, or its error) into core's exchange (./exchange.ts); the core route does the rest.
 */
import { createNotifyRoute } from '@fyno-kit/core/adapter';
import type { NotifyPolicy } from '@fyno-kit/core/server';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { bodyRoutePlugin } from './body-route';

/**
 * The notify route the browser (`useNotify()`) calls, as a plugin to register at its path:
 * `await app.register(notifyRoute(policy), { prefix: '/api/fyno/notify' })`. `identify` receives the
 * Fastify `request`. Without `policy.client`, it sends with `request.fyno` when the `fyno` plugin is
 * registered, else with a `Fyno` built from `FYNO_*` variables on first use.
 *
 * Fastify's content-type parser reads the body with the route's cap (`bodyLimit` = `maxBodyBytes`):
 * over it → 413, not JSON → 415, compressed → 415, malformed → 400, all in the route's
 * `{ error: { code, message } }` shape. No error of the route reaches the app's error handler
 * (`onError` or the default log line gets unexpected ones), and a client that goes away mid-body
 * gets nothing and reports nothing. `bodyTimeoutMs` (default 10 s) bounds Fastify's read of the body:
 * past it the route answers 408 `request_timeout` (or closes a socket that cannot take an answer).
 *
 * @example
 * await app.register(fyno);
 * await app.register(notifyRoute({
 *   identify: (request) => request.session?.userId ?? null,
 *   events: { order_shipped: { data: z.object({ order: z.string() }) } },
 * }), { prefix: '/api/fyno/notify' });
 */
export function notifyRoute(policy: NotifyPolicy<FastifyRequest>): FastifyPluginCallback {
  const fynoNotifyRoute = bodyRoutePlugin(createNotifyRoute<FastifyRequest>(policy));
  return fynoNotifyRoute;
}
