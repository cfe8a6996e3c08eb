/**
 * The notify route in web-standard form, `(request, context?) => Promise<Response>`: a Next.js route
 * handler, Hono, SvelteKit, React Router, H3, Astro, `Bun.serve`, `Deno.serve`, a Worker's fetch.
 */
import { createNotifyRoute } from './route';
import type { NotifyPolicy } from './policy-types';
import { webHandler } from './web-exchange';

/**
 * A policy for the web handler: `identify` receives the `Request` and whatever the host passes as
 * the handler's second argument (Hono's `c`, SvelteKit's `RequestEvent`, Astro's context, a Worker's
 * `env`), so it can read the session the way that host keeps it.
 */
export type NotifyHandlerPolicy<TContext = unknown> = Omit<NotifyPolicy<Request>, 'identify'> & {
  identify: (request: Request, context: TContext) => string | null | undefined | Promise<string | null | undefined>;
};

/**
 * The handler's arguments: the context is required when `identify` declares one. Without one it is an
 * optional `unknown`, so a host that passes its own second argument (Next.js passes `{ params }`, and
 * `next build` checks the route's type) can call the handler as it is.
 */
export type NotifyHandlerArgs<TContext> = undefined extends TContext ? [request: Request, context?: TContext] : [request: Request, context: TContext];

/**
 * Creates a web-standard notify handler. `identify` receives the `Request` and the handler's second
 * argument. The route (its rate limiter and default client) is created once, here.
 *
 * @example
 * // app/api/fyno/notify/route.ts
 * export const POST = createNotifyHandler({ ...policy, identify: async () => (await auth())?.userId ?? null });
 * // Hono: identify(request, c) reads c.get('user')
 * app.post('/api/fyno/notify', (c) => handler(c.req.raw, c));
 */
export function createNotifyHandler<TContext = unknown>(policy: NotifyHandlerPolicy<TContext>): (...args: NotifyHandlerArgs<TContext>) => Promise<Response> {
  // Per request, for `identify` only; the rules' hooks get the `Request` as everywhere else.
  const contexts = new WeakMap<Request, TContext>();
  const { identify } = policy;
  const handle = webHandler(
    createNotifyRoute<Request>({
      ...policy,
      identify: typeof identify === 'function' ? (request) => identify(request, contexts.get(request) as TContext) : identify,
    } as NotifyPolicy<Request>),
  );
  return (request, context?) => {
    if (context !== undefined) contexts.set(request, context);
    return handle(request);
  };
}
