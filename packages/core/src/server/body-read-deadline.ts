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
  on(event: 'end' | 'close', listener: () => void): unknown;
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

/** Below this a deadline keeps a precise timer of its own; from it up, it joins the shared sweep. */
export const PRECISE_DEADLINE_BELOW_MS = 5_000;
/** How often the shared sweep looks for expired deadlines: a long deadline fires at most this late. */
export const DEADLINE_SWEEP_MS = 500;

/** The deadlines in the shared sweep, each with the time it expires (`Date.now()` ms). */
const swept = new Map<() => void, number>();
let sweeper: ReturnType<typeof setInterval> | undefined;

function sweep(): void {
  const nowMs = Date.now();
  for (const [expire, atMs] of swept) if (atMs <= nowMs) expire();
  if (swept.size === 0) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

/**
 * Fails the read of `body` if it has not ended within `timeoutMs`. Returns `stop`, for a reader that
 * gives up on the body early (the deadline also stops by itself when the body ends or closes).
 *
 * A deadline of `PRECISE_DEADLINE_BELOW_MS` or more (the routes' default is 10 s) has no timer of its
 * own: one shared sweep every `DEADLINE_SWEEP_MS` ends the ones past their time, so it fires up to
 * that much late. A timer per request re-created Node's timer list and toggled the event loop's ref
 * on every request, measurable on Fastify's notify route (`node tooling/bench/route-ab.mjs`).
 */
export function armBodyReadDeadline(body: DeadlineBody, socket: DeadlineSocket | undefined, timeoutMs: number): () => void {
  const expire = (): void => {
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
  };
  const timer = timeoutMs < PRECISE_DEADLINE_BELOW_MS ? setTimeout(expire, timeoutMs) : undefined;
  if (timer === undefined) {
    swept.set(expire, Date.now() + timeoutMs);
    // Unref'd: a body still being read keeps the process alive through its socket, not through this.
    sweeper ??= setInterval(sweep, DEADLINE_SWEEP_MS).unref();
  }
  // Nothing of ours stays on the request once its body is read, or its sender gone. `on`, not
  // `once`: `stop` takes both listeners off itself, without a wrapper per listener.
  function stop(): void {
    if (timer === undefined) swept.delete(expire);
    else clearTimeout(timer);
    body.removeListener('end', stop);
    body.removeListener('close', stop);
  }
  body.on('end', stop);
  body.on('close', stop);
  return stop;
}
