import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { Fyno, FynoServerError } from '@fyno-kit/core';

// The code under test: in your app, imported from its own module.
function shipOrder(fyno: Fyno, order: string) {
  return fyno.fire('order_shipped', { distinct_id: 'u_123', data: { order } });
}

let emu: RunningEmulator;
let fyno: Fyno;

beforeAll(async () => {
  emu = await startEmulator({
    port: 0, // a free port: tests can run in parallel
    events: ['order_shipped'],
    profiles: { u_123: { name: 'Ana', channel: { email: 'ana@example.com' } } },
    quiet: true,
  });
  fyno = new Fyno({
    workspaceId: emu.workspaceId,
    apiKey: emu.apiKey,
    baseUrl: emu.baseUrl,
    initialRetryDelayMs: 1, // fast retries in tests
    maxRetryDelayMs: 10,
  });
});

afterAll(async () => {
  await fyno.close();
  await emu.stop();
});

beforeEach(() => emu.clear());

it('notifies the buyer by email', async () => {
  await shipOrder(fyno, 'A-1001');
  const [message] = emu.messages({ event: 'order_shipped', distinct_id: 'u_123' });
  expect(message?.channels).toEqual({ email: 'ana@example.com' });
  expect(message?.data).toEqual({ order: 'A-1001' });
});

it('a 503 after Fyno accepted the event is retried with the same key: one message', async () => {
  emu.failNext(1, { status: 503 }, 'after'); // processed and recorded, then the answer is lost
  await shipOrder(fyno, 'A-1002');
  expect(emu.messages({ event: 'order_shipped' })).toHaveLength(1);
  const keys = emu.requests().map((r) => r.idempotency_key);
  expect(keys).toHaveLength(2); // the first try and the retry…
  expect(new Set(keys).size).toBe(1); // …with one Idempotency-Key, so Fyno sends once
});

it('gives up with a typed error when Fyno keeps failing', async () => {
  emu.failNext(10, { status: 503 });
  await expect(shipOrder(fyno, 'A-1003')).rejects.toBeInstanceOf(FynoServerError);
  expect(emu.messages()).toHaveLength(0);
});
