/**
 * `notifyRoute(policy)`: the core notify route as a Fastify plugin. Fastify's content-type parser
 * reads the body with the route's cap; the plugin only translates what it made of the body (a value,
 * bytes, or its error) into core's exchange (./exchange.ts); the core route does the rest.
 */
import { createNotifyRoute, type BodySource } from '@fyno-kit/core/adapter';
import type { NotifyPolicy } from '@fyno-kit/core/server';
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { boundBodyRead } from './body-timeout';
import { bodyErrorHandler, fastifyExchange } from './exchange';

/** Marks a body the catch-all parser left on the socket (any Content-Type but JSON). */
const UNREAD: unique symbol = Symbol('fyno-kit.unread-body');

// Every method answers, so a GET gets the route's 405 rather than Fastify's 404.
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The route's parsers, in its own encapsulated scope only.
 * - JSON: Fastify's own parser with the route's cap, keeping `__proto__` and `constructor` keys as
 *   plain keys so the route refuses them as unknown keys like every other adapter does. When the app
 *   has a JSON parser of its own (say one keeping the Buffer for a signature check), that one stays
 *   and the route takes what it makes.
 * - Any other type: not read at all (Fastify's `text/plain` parser and an app's catch-all included),
 *   so the route answers 415 in its shape and closes the connection. A parser the app added for one
 *   more type still reads such a body before that 415 (with `parseAs`, at most the route's `bodyLimit`).
 *
 * Returns true when the JSON parser is the route's: its `request.body` is a parsed value even when
 * it is a string (`"text"` is JSON too), where a string or Buffer from the app's parser is the raw body.
 */
function installParsers(instance: FastifyInstance, maxBodyBytes: number): boolean {
  // An exact type wins over the catch-all: Fastify's own text/plain parser would read the body first.
  instance.removeContentTypeParser('text/plain');
  instance.addContentTypeParser('*', (_request, _payload, done) => done(null, UNREAD));
  try {
    instance.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: maxBodyBytes }, instance.getDefaultJsonParser('ignore', 'ignore'));
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'FST_ERR_CTP_ALREADY_PRESENT') throw error;
    return false;
  }
}

/**
 * Where the body is, as Fastify's parser left it. `parsedByRoute`: the JSON parser is the route's.
 * (A string from Fastify's `text/plain` parser never gets this far: the Content-Type check comes first.)
 */
function bodySource(request: FastifyRequest, parsedByRoute: boolean): BodySource {
  const body: unknown = request.body;
  // The route reads it itself if it gets that far.
  if (body === UNREAD) return { kind: 'node', stream: request.raw };
  if (body === undefined) return { kind: 'bytes', bytes: undefined };
  if (parsedByRoute || !(typeof body === 'string' || body instanceof Uint8Array)) return { kind: 'parsed', value: body };
  return { kind: 'bytes', bytes: body };
}

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
  const route = createNotifyRoute<FastifyRequest>(policy);

  const serve = (request: FastifyRequest, reply: FastifyReply, body: BodySource): void => void route.serve(fastifyExchange(request, reply, body));

  const fynoNotifyRoute: FastifyPluginCallback = (instance, _options, done) => {
    const parsedByRoute = installParsers(instance, route.maxBodyBytes);
    instance.setErrorHandler(bodyErrorHandler(serve));
    instance.route({
      method: METHODS,
      url: '/',
      bodyLimit: route.maxBodyBytes,
      preParsing: boundBodyRead(route.bodyTimeoutMs),
      exposeHeadRoute: false,
      handler(request, reply) {
        serve(request, reply, bodySource(request, parsedByRoute));
      },
    });
    done();
  };
  return fynoNotifyRoute;
}
