/**
 * The slow-body case of the shared adapter suite (adapter-suite.ts), kept in its own file: a body sent
 * one byte at a time must be ended, wherever it is read.
 * - 'route': the route reads it, or the adapter owns the framework's read (Fastify, Nest on Fastify):
 *   the route's `bodyTimeoutMs` ends it with its 408 `request_timeout`.
 * - 'server': an app parser in front of the route reads it (Express with `express.json()`, Nest on
 *   Express): only the HTTP server's `requestTimeout` bounds it, as the deploying guide says to set it
 *   (`http.createServer({ requestTimeout, connectionsCheckingInterval }, app)`); Node answers 408 or
 *   closes the socket.
 * - 'platform': the platform buffers the whole body before the function runs (AWS Lambda's Function
 *   URLs): the route never sees a slow body, so there is nothing of ours to test.
 */
import { connect } from 'node:net';
import { expect, it } from 'vitest';

/** What ends a slow body on an adapter, as its test file declares it. */
export type SlowBodyBound = 'route' | 'server' | 'platform';

/** Longest `requestTimeout` (ms) an adapter's `start` may serve with when the server bounds the body. */
export const SUITE_REQUEST_TIMEOUT_MS = 1_500;

interface Trickled {
  received: string;
  bytesSent: number;
  /** When the first byte of an answer came, or the server closed the socket. */
  endedAfterMs: number;
}

/**
 * Sends `body` one byte every `gapMs` (a valid JSON request, signed in as `user`), and stops at the
 * first byte of an answer (some servers keep the socket open after a 408 until the sender is done).
 */
function trickle(url: string, body: string, gapMs: number, user: string): Promise<Trickled> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const startedAt = Date.now();
    let received = '';
    let bytesSent = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    let endedAfterMs: number | undefined;
    const ended = (): void => {
      endedAfterMs ??= Date.now() - startedAt;
      clearInterval(timer);
    };
    // Past the whole body's time, nothing ended it: give up so the test fails rather than hangs.
    const giveUp = setTimeout(() => socket.destroy(), body.length * gapMs + 5_000);
    socket.on('connect', () => {
      socket.write(
        `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
          `X-Test-User: ${user}\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      timer = setInterval(() => {
        if (bytesSent >= body.length || !socket.writable) return clearInterval(timer);
        socket.write(body[bytesSent++]!);
      }, gapMs);
    });
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (endedAfterMs === undefined) {
        ended();
        // The rest of the answer, then we hang up ourselves.
        setTimeout(() => socket.destroy(), 300);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      ended();
      clearTimeout(giveUp);
      resolve({ received, bytesSent, endedAfterMs: endedAfterMs! });
    });
  });
}

/** Registers the case inside the suite's `describe`; `route` mounts a policy and returns its URL. */
export function slowBodyCase(
  bound: SlowBodyBound,
  context: {
    route(overrides: { bodyTimeoutMs?: number }): Promise<string>;
    requests(): Promise<readonly unknown[]> | readonly unknown[];
  },
): void {
  if (bound === 'platform') return;
  const by = bound === 'server' ? "the server's requestTimeout" : "the route's bodyTimeoutMs: 408";
  it(`a body sent one byte at a time is ended (${by}); nothing is sent`, async () => {
    const url = await context.route({ bodyTimeoutMs: 1_000 });
    const body = JSON.stringify({ event: 'password_reset', data: { note: 'slow' } });
    // 300 ms a byte: the whole body would take about 15 s.
    const result = await trickle(url, body, 300, 'u_slow');
    expect(result.bytesSent).toBeLessThan(body.length);
    expect(result.endedAfterMs).toBeLessThan(body.length * 300 - 3_000);
    if (bound === 'route') {
      expect(result.received).toMatch(/^HTTP\/1\.1 408 /);
      const json = result.received.slice(result.received.indexOf('\r\n\r\n') + 4);
      expect(json).toContain('"code":"request_timeout"');
    } else {
      expect(result.received === '' || /^HTTP\/1\.1 408 /.test(result.received)).toBe(true);
    }
    expect(await context.requests()).toHaveLength(0);
  });
}
