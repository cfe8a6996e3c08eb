import 'reflect-metadata';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Fyno } from '@fyno-kit/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FynoModule, type FynoModuleOptions } from '../src/index';

let emu: RunningEmulator;

beforeEach(async () => {
  emu = await startEmulator({ port: 0, events: '*', quiet: true });
});
afterEach(async () => {
  await emu.stop();
});

@Injectable()
class Notifier {
  constructor(readonly fyno: Fyno) {}
}

async function startApp(extra: Partial<FynoModuleOptions> = {}) {
  @Module({
    imports: [
      FynoModule.forRoot({
        client: { workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, initialRetryDelayMs: 200, maxRetryDelayMs: 400 },
        ...extra,
      }),
    ],
    providers: [Notifier],
  })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { app, port };
}

/** POSTs JSON with node:http, one connection per request (so each stays in flight on its own). */
function postJson(port: number, path: string, body: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data === '' ? undefined : JSON.parse(data) }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function countBy(ids: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

describe('graceful shutdown', () => {
  it('app.close() waits for 50 fire() calls in flight, retries included, then closes the pool', async () => {
    const { app } = await startApp();
    const fyno = app.get(Notifier).fyno;
    // 20 calls meet a 503 with `Retry-After: 1` and wait a second to retry, with no request open:
    // only tracking the calls (not the pool's open requests) can wait for them. The other 30 are
    // held 300 ms by the emulator.
    emu.failNext(20, { status: 503, retryAfterS: 1 });
    emu.failNext(30, { stallMs: 300 });
    const ids = Array.from({ length: 50 }, (_, i) => `u_shutdown_${i}`);
    const settledAt: number[] = [];
    const calls = ids.map((id) => fyno.fire('order_shipped', { distinct_id: id, data: { order: id } }).finally(() => settledAt.push(Date.now())));
    // Every call has reached the emulator once (503'd ones may already be retrying).
    await waitFor(() => emu.requests().length >= 50);
    expect(settledAt.length).toBeLessThan(50);

    await app.close();
    const closedAt = Date.now();

    // Nothing was lost: every call succeeded, and all had settled before close() returned.
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(settledAt).toHaveLength(50);
    expect(Math.max(...settledAt)).toBeLessThanOrEqual(closedAt);

    // The emulator's log shows each exactly once (retries reuse one Idempotency-Key).
    const counts = countBy(emu.messages({ event: 'order_shipped' }).map((m) => m.distinct_id ?? ''));
    expect(counts.size).toBe(50);
    for (const id of ids) expect(counts.get(id)).toBe(1);
    expect(emu.requests().filter((r) => r.status === 503)).toHaveLength(20);
  });

  it('app.close() lets notify-route requests in flight finish: each delivered exactly once', async () => {
    const { app, port } = await startApp({
      notifyRoute: {
        identify: (req: { headers: Record<string, string | undefined> }) => req.headers['x-user'],
        events: { order_shipped: {} },
        rateLimit: false,
      },
    });
    emu.failNext(50, { stallMs: 300 });
    const ids = Array.from({ length: 50 }, (_, i) => `u_route_${i}`);
    const responses = ids.map((id) => postJson(port, '/api/fyno/notify', { event: 'order_shipped', data: { order: id } }, { 'x-user': id }));
    // In flight means past our route and waiting on Fyno: a connection whose request has not arrived
    // yet is idle to Node, and server.close() rightly drops it.
    await waitFor(() => emu.requests().length >= 50);

    await app.close();

    const answered = await Promise.all(responses);
    expect(answered.map((r) => r.status)).toEqual(ids.map(() => 202));
    const counts = countBy(emu.messages({ event: 'order_shipped' }).map((m) => m.distinct_id ?? ''));
    for (const id of ids) expect(counts.get(id)).toBe(1);
    expect(counts.size).toBe(50);
  });

  it('gives up waiting after shutdownTimeoutMs: app.close() keeps its time limit, the stalled call fails with its key', async () => {
    const { app } = await startApp({ shutdownTimeoutMs: 100 });
    const fyno = app.get(Notifier).fyno;
    emu.failNext(1, { stallMs: 1_000 });
    const call = fyno.fire('order_shipped', { distinct_id: 'u_slow', data: {} });
    await waitFor(() => emu.requests().length === 1);
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(900);
    // Past the budget core's close() releases the pool: the stalled call fails with a typed error
    // that carries its Idempotency-Key, so a retry elsewhere cannot send it twice.
    await expect(call).rejects.toMatchObject({ code: 'connection_error', idempotencyKey: expect.any(String) });
  });
});

describe('send-later queue on shutdown', () => {
  it('app.close() sends every payload still waiting in a queue of the injected client, once', async () => {
    const { app } = await startApp();
    const fyno = app.get(Fyno);
    const queue = fyno.queue({ flushAt: 10_000, flushIntervalMs: 60_000 });
    for (let i = 0; i < 500; i++) queue.enqueue('shutdown_queue', { distinct_id: `q${i}` });
    expect(emu.messages({ event: 'shutdown_queue' })).toHaveLength(0);
    await app.close();
    const ids = emu.messages({ event: 'shutdown_queue' }).map((m) => m.distinct_id);
    expect(ids).toHaveLength(500);
    expect(new Set(ids).size).toBe(500);
  });
});
