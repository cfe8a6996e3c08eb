/**
 * Bounds the time Fastify's content-type parser may spend reading the route's body. Fastify's
 * `requestTimeout` is 0 by default, so without this a body sent one byte at a time holds the route
 * for as long as the sender likes. Past `bodyTimeoutMs`, the read fails with core's body-timeout
 * error, which the route answers with its 408 when the socket can still take an answer; a socket that
 * cannot (its sender reads nothing back) is closed.
 */
import { bodyTimeoutError } from '@fyno-kit/core/adapter';
import type { preParsingHookHandler } from 'fastify';

/**
 * A route `preParsing` hook that hands Fastify the request's own stream and only arms a timer. It
 * used to pipe the body through a `Transform` of its own, a stream and a pipe per request: the
 * profile of the route benchmark (`node --cpu-prof bench/route-server.mjs fastify route`) put that
 * at about a third of the adapter's own work on an accepted request.
 */
export function boundBodyRead(bodyTimeoutMs: number): preParsingHookHandler {
  return (request, _reply, payload, done) => {
    const timer = setTimeout(() => {
      stop();
      const socket = request.raw.socket;
      // Fastify's reader listens for 'error' while it reads: without a reader, or on a socket that
      // cannot take an answer, there is nobody to answer.
      if (!socket || socket.destroyed || !socket.writable || socket.writableNeedDrain || payload.listenerCount('error') === 0) {
        socket?.destroy();
        return;
      }
      // The reader stops and hands the error to the route's scope; what is still unread stays on
      // the socket, which the route's answer closes.
      payload.pause();
      payload.emit('error', bodyTimeoutError(bodyTimeoutMs));
    }, bodyTimeoutMs);
    // Nothing of ours stays on the request once its body is read, or its sender gone.
    function stop(): void {
      clearTimeout(timer);
      payload.removeListener('end', stop);
      payload.removeListener('close', stop);
    }
    payload.once('end', stop);
    payload.once('close', stop);
    done(null, payload);
  };
}
