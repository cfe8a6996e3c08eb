/**
 * `inappSession(options)`: the core in-app session route as a Fastify plugin. It only translates
 * the request's accessors and a reply sink; the core route does the rest.
 */
import { createInappSessionRoute, nodeHeader, type InappSessionOptions, type InappSessionSink } from '@fyno-kit/core/server';
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';

// Every method answers, so a GET gets the route's 405 rather than Fastify's 404.
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function replySink(reply: FastifyReply): InappSessionSink {
  return {
    send(response) {
      if (reply.sent || reply.raw.headersSent || reply.raw.destroyed) return;
      reply.code(response.status).headers(response.headers).send(JSON.stringify(response.body));
    },
  };
}

/**
 * The route the browser's inbox (`useInbox()`) calls for its signed session:
 * `await app.register(inappSession({ identify }), { prefix: '/api/fyno/inapp-session' })`.
 * `identify` receives the Fastify request. The integration token never leaves the server.
 */
export function inappSession(options: InappSessionOptions<FastifyRequest>): FastifyPluginCallback {
  const route = createInappSessionRoute<FastifyRequest>(options);
  const fynoInappSession: FastifyPluginCallback = (instance, _options, done) => {
    // The route reads no body: drain any type without parsing it (an empty JSON body is no error here).
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', (_request, payload, finish) => {
      payload.resume();
      payload.on('end', () => finish(null, undefined));
      payload.on('error', () => finish(null, undefined));
    });
    instance.route({
      method: METHODS,
      url: '/',
      exposeHeadRoute: false,
      handler(request, reply) {
        const client = (request as { fyno?: FastifyRequest['fyno'] }).fyno;
        return route.serve({
          method: request.method,
          header: nodeHeader(request.raw),
          request,
          ...(client === undefined ? {} : { client }),
          sink: replySink(reply),
        }).then(() => reply);
      },
    });
    done();
  };
  return fynoInappSession;
}
