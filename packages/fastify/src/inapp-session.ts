/**
 * `inappSession(options)`: the core in-app session route as a Fastify plugin. Translation only:
 * the request becomes core's exchange (fastify/src/exchange.ts); the route does the rest.
 */
import { createInappSessionRoute } from '@fyno-kit/core/adapter';
import type { InappSessionOptions } from '@fyno-kit/core/server';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { fastifyExchange } from './exchange';

// Every method answers, so a GET gets the route's 405 rather than Fastify's 404.
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The route the browser's inbox (`useInbox()`) calls for its signed session:
 * `await app.register(inappSession({ identify }), { prefix: '/api/fyno/inapp-session' })`.
 * `identify` receives the Fastify request. The integration token never leaves the server.
 */
export function inappSession(options: InappSessionOptions<FastifyRequest>): FastifyPluginCallback {
  const route = createInappSessionRoute<FastifyRequest>(options);
  const fynoInappSession: FastifyPluginCallback = (instance, _options, done) => {
    // The route uses no body: leave any type unread on the socket for the route's reader to drain
    // (an empty JSON body is then no error either).
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', (_request, _payload, finish) => finish(null, undefined));
    instance.route({
      method: METHODS,
      url: '/',
      bodyLimit: route.maxBodyBytes,
      exposeHeadRoute: false,
      handler(request, reply) {
        return route.serve(fastifyExchange(request, reply, { kind: 'node', stream: request.raw }) as never).then(() => reply);
      },
    });
    done();
  };
  return fynoInappSession;
}
