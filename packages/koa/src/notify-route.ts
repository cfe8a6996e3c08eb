/**
 * `notifyRoute(policy)`: the core notify route as Koa middleware. It only translates: Koa's request
 * accessors, where the body is (unread on Node's stream, or what a body parser made of it), and
 * Node's response; the core route does the rest and writes its own answer.
 */
import { createNotifyRoute } from '@fyno-kit/core/adapter';
import type { NotifyPolicy } from '@fyno-kit/core/server';
import type { Context, Middleware } from 'koa';
import { koaExchange } from './exchange';

/**
 * The notify route the browser (`useNotify()`) calls, as Koa middleware for its path:
 * `router.all('/api/fyno/notify', notifyRoute(policy))` with `@koa/router`, or behind a path check.
 * `identify` receives the Koa `ctx` (`ctx.state.user` from the app's auth middleware). Without
 * `policy.client`, it sends with a `Fyno` built from `FYNO_*` variables on first use.
 *
 * It writes its own JSON answer on Node's response (`ctx.respond = false`), so nothing downstream
 * and no error handler of the app runs for it; a client that goes away mid-body gets nothing.
 *
 * @example
 * app.use(async (ctx, next) => (ctx.path === '/api/fyno/notify' ? route(ctx, next) : next()));
 * const route = notifyRoute({ identify: (ctx) => ctx.state.user?.id ?? null, events: { order_shipped: {} } });
 */
export function notifyRoute(policy: NotifyPolicy<Context>): Middleware {
  const route = createNotifyRoute<Context>(policy);
  return async function fynoNotifyRoute(ctx) {
    await route.serve(koaExchange(ctx));
  };
}
