/**
 * Redis stopped and started again mid-run (same port and directory, appendonly on): producers get
 * `FynoQueueUnavailableError` at once while it is down (nothing is buffered), the worker reconnects on
 * its own, and every job enqueued before the restart is delivered exactly once.
 */
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFynoQueue, FynoQueueUnavailableError } from '../src/index';
import { startWorkerProcess, waitFor, type WorkerProcess } from './helpers';
import { startRedis, type TestRedis } from './redis';

const BEFORE = 1_500;
const AFTER = 200;

let redis: TestRedis;
let emulator: RunningEmulator;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  redis = await startRedis();
  emulator = await startEmulator({ events: ['order_shipped'] });
});
afterAll(async () => {
  worker?.child.kill('SIGKILL');
  await emulator?.stop();
  await redis?.destroy();
});

it('survives a Redis restart: clear producer errors while down, nothing enqueued before it lost or doubled', async () => {
  const queueName = 'restart';
  const queue = createFynoQueue({ connection: redis.url, queueName });
  // Slow enough (300/s) that the restart lands mid-run.
  worker = await startWorkerProcess(redis.url, emulator, {
    queueName,
    concurrency: 40,
    batch: { size: 20, maxWaitMs: 20 },
    limiter: { max: 30, durationMs: 100 },
    lockDurationMs: 3_000,
    stalledIntervalMs: 1_000,
  });
  const before = await queue.enqueueBulk(
    'order_shipped',
    Array.from({ length: BEFORE }, (_, i) => ({ distinct_id: `user_${i}`, data: { n: i } })),
  );
  expect(before).toHaveLength(BEFORE);
  await waitFor(() => emulator.messages().length >= 300, 20_000, '300 messages before the restart');

  await redis.stop();
  const deliveredAtStop = emulator.messages().length;
  expect(deliveredAtStop).toBeLessThan(BEFORE);
  const t0 = Date.now();
  const error = await queue.enqueue('order_shipped', { distinct_id: 'during_outage', data: { n: -1 } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FynoQueueUnavailableError);
  expect((error as FynoQueueUnavailableError).code).toBe('connection_error');
  expect((error as Error).message).toMatch(/^Redis is unavailable; the notification was not enqueued/);
  expect(Date.now() - t0).toBeLessThan(1_000); // fails fast, not after a hidden buffer fills
  await new Promise((r) => setTimeout(r, 1_000)); // down for a while

  await redis.start();
  // The producer reconnects by itself; enqueue again once it has.
  let afterIds: string[] | undefined;
  await waitFor(
    async () => {
      afterIds = await queue
        .enqueueBulk(
          'order_shipped',
          Array.from({ length: AFTER }, (_, i) => ({ distinct_id: `late_${i}`, data: { n: BEFORE + i } })),
          { idempotencyKey: 'after-restart' },
        )
        .catch(() => undefined);
      return afterIds !== undefined;
    },
    20_000,
    'the producer to reconnect',
  );

  await waitFor(() => emulator.messages().length >= BEFORE + AFTER, 60_000, `${BEFORE + AFTER} messages`);
  await waitFor(async () => (await queue.queue.getCompletedCount()) === BEFORE + AFTER, 20_000, 'every job completed');
  await new Promise((r) => setTimeout(r, 300));

  const counts = new Map<number, number>();
  for (const m of emulator.messages()) {
    const n = (m.data as { n: number }).n;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  expect(counts.has(-1)).toBe(false); // the refused enqueue really was not stored
  expect(counts.size).toBe(BEFORE + AFTER);
  expect([...counts.values()].every((c) => c === 1)).toBe(true);
  expect(await queue.queue.getFailedCount()).toBe(0);
  console.log(
    `[redis-restart] stopped after ${deliveredAtStop} of ${BEFORE}; all ${BEFORE + AFTER} delivered once; ${emulator.requests().filter((r) => r.idempotent_replay).length} replayed request(s)`,
  );
  await queue.close();
});
