/**
 * `preferences(policy)`: core's preferences route as Koa middleware. Translation only: the `ctx`
 * becomes core's exchange (./exchange.ts); the route does the rest and writes its own answer.
 */
import { createPreferencesRoute } from '@fyno-kit/core/adapter';
import type { PreferencesPolicy } from '@fyno-kit/core/server';
import type { Context, Middleware } from 'koa';
import { koaExchange } from './exchange';

/**
 * The route the browser's settings page (`usePreferences()`) calls, as middleware for its path:
 * `GET` reads the signed-in user's preferences, `POST` changes them. `identify` receives the Koa
 * `ctx` (the notify route's); the user id never comes from the request itself. It reads its own
 * JSON body, or takes what a body parser (`@koa/bodyparser`) made of it.
 *
 * @example
 * const route = preferences({ identify: (ctx) => ctx.state.user?.id ?? null, topics: { SORDERS001: true } });
 * app.use((ctx, next) => (ctx.path === '/api/fyno/preferences' ? route(ctx, next) : next()));
 */
export function preferences(policy: PreferencesPolicy<Context>): Middleware {
  const route = createPreferencesRoute<Context>(policy);
  return async function fynoPreferences(ctx) {
    await route.serve(koaExchange(ctx) as never);
  };
}
