/**
 * Two worker processes and one producer, 10 000 notifications: the emulator receives each exactly
 * once, and BullMQ's limiter, shared through Redis, holds the fleet at the configured rate.
 */
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFynoQueue } from '../src/index';
import { startWorkerProcess, waitFor, type WorkerProcess } from './helpers';
import { startRedis, type TestRedis } from './redis';

const EVENTS = 10_000;
// 1 000/s, as 100 per 100 ms: short windows keep the burst at each window's start small next to the
// run (~10 s), so the measured rate is the configured one, not an artefact of windows. Unlimited, two
// workers here reach ~3 000/s, so the limiter, not the machine, sets the pace.
const RATE_PER_S = 1_000;
const WINDOW_MS = 100;

let redis: TestRedis;
let emulator: RunningEmulator;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  emulator = await startEmulator({ events: ['order_shipped'], maxRequestLog: 50_000 });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await emulator?.stop();
  await redis?.destroy();
});

it('delivers 10 000 events exactly once through 2 worker processes at the configured rate (±10%)', async () => {
  const queueName = 'fleet';
  const limiter = { max: (RATE_PER_S * WINDOW_MS) / 1000, durationMs: WINDOW_MS };
  for (let i = 0; i < 2; i++) {
    workers.push(await startWorkerProcess(redis.url, emulator, { queueName, concurrency: 50, limiter, batch: { size: 50, maxWaitMs: 20 } }));
  }
  const queue = createFynoQueue({ connection: redis.url, queueName });
  const payloads = Array.from({ length: EVENTS }, (_, i) => ({ distinct_id: `user_${i}`, data: { n: i } }));
  const ids = await queue.enqueueBulk('order_shipped', payloads);
  expect(new Set(ids).size).toBe(EVENTS);

  await waitFor(() => emulator.messages().length >= EVENTS, 120_000, `${EVENTS} messages`);
  await waitFor(async () => (await queue.queue.getCompletedCount()) === EVENTS, 10_000, 'every job completed');
  await new Promise((r) => setTimeout(r, 300)); // anything late would be a duplicate

  const messages = emulator.messages();
  expect(messages).toHaveLength(EVENTS);
  const seen = new Set(messages.map((m) => (m.data as { n: number }).n));
  expect(seen.size).toBe(EVENTS);
  for (let i = 0; i < EVENTS; i++) expect(seen.has(i)).toBe(true);

  // Both processes did part of the work.
  const byWorker = (await Promise.all(workers.map((w) => w.close()))).map((c) => c ?? -1);
  expect(byWorker.reduce((a, b) => a + b, 0)).toBe(EVENTS);
  for (const count of byWorker) expect(count).toBeGreaterThan(EVENTS / 10);

  const times = messages.map((m) => Date.parse(m.received_at)).sort((a, b) => a - b);
  const spanS = (times[times.length - 1]! - times[0]! + WINDOW_MS) / 1000;
  const rate = EVENTS / spanS;
  console.log(
    `[processes] ${EVENTS} events in ${spanS.toFixed(2)} s: ${rate.toFixed(0)} events/s (configured ${RATE_PER_S}); per worker ${byWorker.join(' + ')}; ${emulator.requests().length} requests`,
  );
  expect(rate).toBeGreaterThan(RATE_PER_S * 0.9);
  expect(rate).toBeLessThan(RATE_PER_S * 1.1);
  await queue.close();
});
