/**
 * `inappSession(options)`: core's in-app session route as Koa middleware. Translation only: the
 * `ctx` becomes core's exchange (./exchange.ts); the route does the rest.
 */
import { createInappSessionRoute } from '@fyno-kit/core/adapter';
import type { InappSessionOptions } from '@fyno-kit/core/server';
import type { Context, Middleware } from 'koa';
import { koaExchange } from './exchange';

/**
 * The route the browser's inbox (`useInbox()`) calls for its signed session, as middleware for its
 * path. `identify` receives the Koa `ctx` (the same function as the notify route's). The integration
 * token (`integrationToken` or `FYNO_INAPP_TOKEN`) never leaves the server.
 *
 * @example
 * const session = inappSession({ identify: (ctx) => ctx.state.user?.id ?? null });
 * app.use((ctx, next) => (ctx.path === '/api/fyno/inapp-session' ? session(ctx, next) : next()));
 */
export function inappSession(options: InappSessionOptions<Context>): Middleware {
  const route = createInappSessionRoute<Context>(options);
  return async function fynoInappSession(ctx) {
    await route.serve(koaExchange(ctx));
  };
}
