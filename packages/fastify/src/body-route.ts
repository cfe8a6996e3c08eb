/**
 * A core route that reads a JSON body, as a Fastify plugin (the notify route, the preferences
 * route): Fastify's content-type parser reads the body with the route's cap, and the plugin only
 * translates what it made of the body (a value, bytes, or its error) into core's exchange.
 */
import type { BodySource, ExchangeRoute } from '@fyno-kit/core/adapter';
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
 * The plugin serving `route` at the prefix it is registered under, in its own encapsulated scope:
 * its parsers, its body limit and read timeout, and an error handler giving the parser's refusals
 * to the route, so no error of the route reaches the app's error handler.
 */
export function bodyRoutePlugin(route: ExchangeRoute<FastifyRequest, any>): FastifyPluginCallback {
  const serve = (request: FastifyRequest, reply: FastifyReply, body: BodySource): void => void route.serve(fastifyExchange(request, reply, body) as never);
  return (instance, _options, done) => {
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
}
