/**
 * The notify route in web-standard form, `(request, context?) => Promise<Response>`: a Next.js route
 * handler, Hono, SvelteKit, React Router, H3, Astro, `Bun.serve`, `Deno.serve`, a Worker's fetch.
 */
import { type ContextWebHandler, contextWebHandler, type NotifyHandlerArgs, type WithHostContext } from './host-context';
import { createNotifyRoute } from './route';
import type { NotifyPolicy } from './policy-types';

/**
 * A policy for the web handler: `identify` receives the `Request` and whatever the host passes as
 * the handler's second argument (Hono's `c`, SvelteKit's `RequestEvent`, Astro's context, a Worker's
 * `env`), so it can read the session the way that host keeps it.
 */
export type NotifyHandlerPolicy<TContext = unknown> = WithHostContext<NotifyPolicy<Request>, TContext>;

export type { NotifyHandlerArgs };

/**
 * Creates a web-standard notify handler. `identify` receives the `Request` and the handler's second
 * argument. The route (its rate limiter and default client) is created once, here.
 *
 * @example
 * // app/api/fyno/notify/route.ts
 * export const POST = createNotifyHandler({ ...policy, identify: async () => (await auth())?.userId ?? null });
 * // Hono: identify(request, c) reads c.get('user')
 * app.post('/api/fyno/notify', (c) => handler(c.req.raw, c));
 * // Nuxt 4 (H3 1): on Node's request and response, so the route reads (and pauses) the body itself
 * export default defineEventHandler((event) => handler.node(event.node.req, event.node.res, event));
 */
export function createNotifyHandler<TContext = unknown>(policy: NotifyHandlerPolicy<TContext>): ContextWebHandler<TContext> {
  // Per request, for `identify` only; the rules' hooks get the `Request` as everywhere else.
  return contextWebHandler(createNotifyRoute<Request>, policy);
}
