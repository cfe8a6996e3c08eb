/**
 * Bounds the time Fastify's content-type parser may spend reading the route's body, with core's
 * body-read deadline (why a timer and not a stream of our own: `armBodyReadDeadline`'s comment).
 */
import { armBodyReadDeadline } from '@fyno-kit/core/adapter';
import type { preParsingHookHandler } from 'fastify';

/** A route `preParsing` hook that hands Fastify the request's own stream and only arms the deadline. */
export function boundBodyRead(bodyTimeoutMs: number): preParsingHookHandler {
  return (request, _reply, payload, done) => {
    armBodyReadDeadline(payload, request.raw.socket, bodyTimeoutMs);
    done(null, payload);
  };
}
