/**
 * A client that goes away mid-body (FIN or RST after part of the announced body), on the Fastify
 * route with the route's JSON parser and behind the app's Buffer parser: nothing is sent upstream,
 * nothing reaches the app's error handler, `onError`, the console or the process (no unhandled
 * rejection or exception, no listener warning), no listener stays on the request, and the route
 * still answers afterwards.
 */
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { Fyno } from '@fyno-kit/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import Fastify, { type FastifyRequest } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { notifyRoute } from '../src/index';
import { listen } from './helpers';

const BODY_EVENTS = ['data', 'end', 'error', 'aborted', 'readable'] as const;

/** POSTs a 5,000-byte body by hand, sends its first 40 bytes, then half-closes or resets. */
function abortMidBody(origin: string, then: 'fin' | 'rst'): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('connect', () => {
      socket.write(
        `POST /api/fyno/notify HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
          `X-Test-User: u_gone\r\nContent-Length: 5000\r\n\r\n{"event":"password_reset","data":{"pad":"`,
      );
      setTimeout(() => (then === 'fin' ? socket.end() : socket.resetAndDestroy()), 20);
    });
    socket.on('data', (chunk) => (received += chunk.toString('utf8')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(received));
  });
}

async function until(check: () => boolean, timeoutMs = 8_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

let emu: RunningEmulator;
let fyno: Fyno;
const processEvents: Array<[string, unknown]> = [];
const onProcess = (name: string) => (value: unknown) => processEvents.push([name, value]);
const listeners = { unhandledRejection: onProcess('unhandledRejection'), uncaughtException: onProcess('uncaughtException'), warning: onProcess('warning') };

beforeAll(async () => {
  emu = await startEmulator({ port: 0, events: ['password_reset'], apiKey: 'sk_disconnect_test' });
  fyno = new Fyno({ baseUrl: emu.baseUrl, workspaceId: emu.workspaceId, apiKey: 'sk_disconnect_test', maxRetries: 0 });
  for (const [name, listener] of Object.entries(listeners)) process.on(name, listener);
});
afterAll(async () => {
  for (const [name, listener] of Object.entries(listeners)) process.off(name, listener);
  await fyno.close();
  await emu.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('a client that disconnects mid-body', () => {
  for (const rawBody of [false, true]) {
    it(`gets no answer and leaves nothing behind (${rawBody ? "app's Buffer parser" : "route's JSON parser"})`, async () => {
      const consoleCalls = ['log', 'info', 'warn', 'error', 'debug'].map((m) => vi.spyOn(console, m as 'log'));
      const appErrors: unknown[] = [];
      const reported: unknown[] = [];
      const raws: IncomingMessage[] = [];
      const app = Fastify();
      app.setErrorHandler((error, _request, reply) => {
        appErrors.push(error);
        return reply.code(500).send({ handledBy: 'app' });
      });
      app.addHook('onRequest', async (request) => {
        raws.push(request.raw);
      });
      if (rawBody) app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      await app.register(
        notifyRoute({
          identify: (request: FastifyRequest) => (request.headers['x-test-user'] as string | undefined) ?? null,
          events: { password_reset: {} },
          client: fyno,
          rateLimit: false,
          onError: (error) => reported.push(error),
        }),
        { prefix: '/api/fyno/notify' },
      );
      const server = await listen(app);
      emu.clear();
      processEvents.length = 0;
      try {
        const answers: string[] = [];
        for (let i = 0; i < 20; i++) answers.push(await abortMidBody(server.origin, i % 2 === 0 ? 'fin' : 'rst'));
        await until(() => raws.length === 20 && raws.every((raw) => raw.destroyed));
        // Give a late write or a late error the time to show up.
        await new Promise((r) => setTimeout(r, 300));

        // No answer from the route. A half-closed socket (FIN) may still get Fastify's own
        // `clientErrorHandler` 400 for the truncated request: the HTTP server's, before any route.
        answers.forEach((text, i) => {
          if (i % 2 === 1 || text === '') expect(text).toBe('');
          else expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*"message":"Client Error"/);
        });
        expect(emu.requests()).toHaveLength(0);
        expect(appErrors).toEqual([]);
        expect(reported).toEqual([]);
        expect(processEvents).toEqual([]);
        expect(consoleCalls.flatMap((spy) => spy.mock.calls)).toEqual([]);
        for (const raw of raws) {
          expect(Object.fromEntries(BODY_EVENTS.map((name) => [name, raw.listenerCount(name)]))).toEqual({
            data: 0,
            end: 0,
            error: 0,
            aborted: 0,
            readable: 0,
          });
        }

        // The route still answers afterwards.
        const res = await fetch(`${server.origin}/api/fyno/notify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-test-user': 'u_after' },
          body: JSON.stringify({ event: 'password_reset' }),
        });
        expect(res.status).toBe(202);
        expect(emu.messages({ distinct_id: 'u_after' })).toHaveLength(1);
      } finally {
        await server.close();
      }
    }, 30_000);
  }
});
