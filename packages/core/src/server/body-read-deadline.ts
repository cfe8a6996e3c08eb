/**
 * A deadline for a body stream that another reader consumes (Fastify's content-type parser, on
 * Fastify itself or under Nest). Fastify's `requestTimeout` is 0 by default, so without it a body sent
 * one byte at a time holds the route for as long as the sender likes. Only a timer: the stream stays
 * the request's own (a pass-through stream per request cost about a third of the Fastify adapter's
 * own work on an accepted request, by `node --cpu-prof tooling/bench/route-server.mjs fastify route`).
 * Past `timeoutMs` the read fails with `bodyTimeoutError`, which the route answers with its 408 when
 * the socket can still take an answer; a socket that cannot (its sender reads nothing back) is closed.
 */
import { bodyTimeoutError } from './parser-error';

/** The body stream as the deadline sees it: a Node readable (`IncomingMessage` or a stream of it). */
export interface DeadlineBody {
  once(event: 'end' | 'close', listener: () => void): unknown;
  removeListener(event: 'end' | 'close', listener: () => void): unknown;
  listenerCount(event: 'error'): number;
  pause(): unknown;
  emit(event: 'error', error: Error): boolean;
}

/** The request's socket, to tell whether an answer can still reach the sender. */
export interface DeadlineSocket {
  readonly destroyed: boolean;
  readonly writable: boolean;
  readonly writableNeedDrain: boolean;
  destroy(): unknown;
}

/**
 * Fails the read of `body` if it has not ended within `timeoutMs`. Returns `stop`, for a reader that
 * gives up on the body early (the deadline also stops by itself when the body ends or closes).
 */
export function armBodyReadDeadline(body: DeadlineBody, socket: DeadlineSocket | undefined, timeoutMs: number): () => void {
  const timer = setTimeout(() => {
    stop();
    // The reader listens for 'error' while it reads: without a reader, or on a socket that cannot take
    // an answer, there is nobody to answer.
    if (!socket || socket.destroyed || !socket.writable || socket.writableNeedDrain || body.listenerCount('error') === 0) {
      socket?.destroy();
      return;
    }
    // The reader stops and hands the error to the route; what is still unread stays on the socket,
    // which the route's answer closes.
    body.pause();
    body.emit('error', bodyTimeoutError(timeoutMs));
  }, timeoutMs);
  // Nothing of ours stays on the request once its body is read, or its sender gone.
  function stop(): void {
    clearTimeout(timer);
    body.removeListener('end', stop);
    body.removeListener('close', stop);
  }
  body.once('end', stop);
  body.once('close', stop);
  return stop;
}
