/**
 * The `fyno` plugin on a real Fastify app, emulator upstream: one client on `app.fyno` and
 * `request.fyno` across encapsulated plugins, used by the notify route when the policy names none,
 * closed (queues drained) on `app.close()` when the plugin built it, left open when the app passed it.
 */
import { Fyno, FynoError } from '@fyno-kit/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import Fastify, { type FastifyRequest } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { fyno, notifyRoute } from '../src/index';
import { listen } from './helpers';

const apiKey = `sk_plugin_${Math.random().toString(36).slice(2)}`;
let emu: RunningEmulator;
const options = () => ({ baseUrl: emu.baseUrl, workspaceId: emu.workspaceId, apiKey, maxRetries: 0 });

beforeAll(async () => {
  emu = await startEmulator({ port: 0, events: '*', apiKey });
});
afterAll(async () => {
  await emu.stop();
});
afterEach(() => {
  vi.unstubAllEnvs();
  emu.clear();
});

describe('fyno plugin', () => {
  it('decorates app.fyno and request.fyno with one shared client, seen inside encapsulated plugins too', async () => {
    const app = Fastify();
    await app.register(fyno, options());
    const seen: unknown[] = [];
    await app.register(async (child) => {
      child.get('/child', async (request) => {
        seen.push(request.fyno, child.fyno);
        const res = await request.fyno.fire('plugin_fire', { distinct_id: 'u_plugin', data: { via: 'request.fyno' } });
        return { requestId: res.request_id };
      });
    });
    const server = await listen(app);
    try {
      expect(app.fyno).toBeInstanceOf(Fyno);
      const res = await fetch(`${server.origin}/child`);
      expect(res.status).toBe(200);
      const { requestId } = (await res.json()) as { requestId: string };
      expect(seen).toEqual([app.fyno, app.fyno]);
      expect(emu.messages({ event: 'plugin_fire' }).map((m) => m.request_id)).toEqual([requestId]);
    } finally {
      await server.close();
    }
    expectTypeOf(app.fyno).toEqualTypeOf<Fyno>();
  });

  it('the notify route sends with request.fyno when the policy names no client', async () => {
    // No FYNO_* variables: a default client could not be built, so a 202 proves request.fyno was used.
    for (const name of ['FYNO_WSID', 'FYNO_API_KEY', 'FYNO_BASE_URL', 'FYNO_VERSION']) vi.stubEnv(name, undefined);
    const app = Fastify();
    await app.register(fyno, options());
    await app.register(
      notifyRoute({
        identify: (request) => {
          expectTypeOf(request).toEqualTypeOf<FastifyRequest>();
          expectTypeOf(request.fyno).toEqualTypeOf<Fyno>();
          return request.headers['x-user'] === undefined ? null : String(request.headers['x-user']);
        },
        events: { order_shipped: {} },
      }),
      { prefix: '/api/fyno/notify' },
    );
    const server = await listen(app);
    try {
      const res = await fetch(`${server.origin}/api/fyno/notify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user': 'u_route' },
        body: JSON.stringify({ event: 'order_shipped', data: { order: 'A-1' } }),
      });
      expect(res.status).toBe(202);
      expect(emu.messages({ distinct_id: 'u_route' })).toMatchObject([{ event: 'order_shipped', data: { order: 'A-1' } }]);
    } finally {
      await server.close();
    }
  });

  it('closes the client it built in onClose: queued events are sent before app.close() resolves', async () => {
    const app = Fastify();
    await app.register(fyno, options());
    await app.ready();
    // A long interval: only close() (draining the queue) sends these.
    const queue = app.fyno.queue({ flushIntervalMs: 60_000, flushAt: 1_000 });
    for (let i = 0; i < 3; i++) queue.enqueue('plugin_queued', { distinct_id: `u_q${i}` });
    expect(emu.messages({ event: 'plugin_queued' })).toHaveLength(0);
    await app.close();
    expect(emu.messages({ event: 'plugin_queued' })).toHaveLength(3);
  });

  it('hands out a client the app passed as it is, and leaves it open on app.close()', async () => {
    const client = new Fyno(options());
    const app = Fastify();
    await app.register(fyno, { client });
    await app.ready();
    expect(app.fyno).toBe(client);
    await app.close();
    const res = await client.fire('plugin_after_close', { distinct_id: 'u_open' });
    expect(res.request_id).toEqual(expect.any(String));
    await client.close();
  });

  it('fails at start-up (app.ready() rejects) when the client is not configured', async () => {
    for (const name of ['FYNO_WSID', 'FYNO_API_KEY', 'FYNO_BASE_URL', 'FYNO_VERSION']) vi.stubEnv(name, undefined);
    const app = Fastify();
    app.register(fyno, { workspaceId: 'WS1' });
    const error = await app.ready().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FynoError);
    await app.close();
  });
});
