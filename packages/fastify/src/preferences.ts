/**
 * `preferences(policy)`: the core preferences route as a Fastify plugin. Translation only (see
 * ./body-route.ts); the core route does the rest.
 */
import { createPreferencesRoute } from '@fyno-kit/core/adapter';
import type { PreferencesPolicy } from '@fyno-kit/core/server';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { bodyRoutePlugin } from './body-route';

/**
 * The route the browser's settings page (`usePreferences()`) calls: `GET` reads the signed-in user's
 * preferences, `POST` changes them. Register it at its path:
 * `await app.register(preferences(policy), { prefix: '/api/fyno/preferences' })`. `identify`
 * receives the Fastify `request`; the user id never comes from the request itself. Without
 * `policy.client` it uses `request.fyno` when the `fyno` plugin is registered, else a `Fyno` built
 * from `FYNO_*` variables. The body is read by Fastify's parser in the route's own scope, with the
 * route's cap and `bodyTimeoutMs`; every refusal is the route's JSON.
 */
export function preferences(policy: PreferencesPolicy<FastifyRequest>): FastifyPluginCallback {
  return bodyRoutePlugin(createPreferencesRoute<FastifyRequest>(policy));
}
