/**
 * The one translation of a Fastify request and reply into core's exchange, shared by every route
 * this package registers (the notify route, the delivery-report receiver, the ones to come).
 */
import { answerText, isParserError, nodeHeader, type BodySource, type Exchange, type ExchangeSink } from '@fyno-kit/core/adapter';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Writes a route's answer with `reply`, unless the reply is done or the client is gone. */
function replySink(reply: FastifyReply): ExchangeSink {
  return {
    send(answer, { closeConnection }) {
      if (reply.sent || reply.raw.headersSent || reply.raw.destroyed) return;
      reply.code(answer.status).headers(answer.headers);
      // Fastify's own parser may also have stopped short of the body's end.
      if (closeConnection || reply.request.raw.complete === false) reply.header('connection', 'close');
      reply.send(reply.request.method === 'HEAD' ? undefined : answerText(answer));
    },
  };
}

/** The exchange of one Fastify request, with the body where the route's scope left it. */
export function fastifyExchange(request: FastifyRequest, reply: FastifyReply, body: BodySource): Exchange<FastifyRequest> {
  const exchange: Exchange<FastifyRequest> = {
    method: request.method,
    url: request.url,
    header: nodeHeader(request.raw),
    body: () => body,
    request,
    sink: replySink(reply),
  };
  const client = (request as { fyno?: FastifyRequest['fyno'] }).fyno;
  if (client !== undefined) exchange.client = client;
  return exchange;
}

/** Node's error for a request whose client went away mid-body (Fastify's body reader hands it on). */
function isClientAbort(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'ECONNABORTED';
}

/**
 * A route scope's error handler: a body Fastify's parser refused, or a client that left mid-body, is
 * the route's to answer (or not). Anything else, say from an app hook, goes on to the app's handler.
 */
export function bodyErrorHandler(serve: (request: FastifyRequest, reply: FastifyReply, body: BodySource) => void) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    if (!isParserError(error) && !isClientAbort(error)) throw error;
    serve(request, reply, { kind: 'parser_error', error });
  };
}
