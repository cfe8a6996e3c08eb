/**
 * The preferences route in web-standard form, `(request, context?) => Promise<Response>`: a Next.js
 * route handler (export it as both `GET` and `POST`), Hono, React Router, SvelteKit, `Bun.serve`,
 * `Deno.serve`, a Worker's fetch.
 */
import { type ContextWebHandler, contextWebHandler, type WithHostContext } from './host-context';
import { createPreferencesRoute } from './preferences-route';
import type { PreferencesPolicy } from './preferences-types';

/** A policy for the web handler: `identify` receives the `Request` and the handler's second argument. */
export type PreferencesHandlerPolicy<TContext = unknown> = WithHostContext<PreferencesPolicy<Request>, TContext>;

/**
 * Creates a web-standard preferences handler answering `GET` (the user's preferences) and `POST`
 * (changes). The route (its rate limiter and default client) is created once, here. As with
 * `createNotifyHandler`, `identify(request, context)` receives the handler's second argument.
 *
 * @example
 * // app/api/fyno/preferences/route.ts
 * const handler = createPreferencesHandler({ identify: async () => (await auth())?.userId ?? null, topics: { SORDERS001: true } });
 * export { handler as GET, handler as POST };
 */
export function createPreferencesHandler<TContext = unknown>(policy: PreferencesHandlerPolicy<TContext>): ContextWebHandler<TContext> {
  return contextWebHandler(createPreferencesRoute<Request>, policy);
}
