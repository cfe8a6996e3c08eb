/**
 * A worker process killed with SIGKILL after Fyno accepted a bulk request but before it heard back:
 * another worker takes its jobs over, re-sends that batch under the same `Idempotency-Key`, Fyno
 * replays the first answer, and every notification arrives exactly once.
 */
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFynoQueue } from '../src/index';
import { startWorkerProcess, waitFor, type ProcessWorkerOptions, type WorkerProcess } from './helpers';
import { startRedis, type TestRedis } from './redis';

const EVENTS = 2_000;

let redis: TestRedis;
let emulator: RunningEmulator;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  emulator = await startEmulator({ events: ['order_shipped'] });
});
afterAll(async () => {
  for (const w of workers) w.child.kill('SIGKILL');
  await emulator?.stop();
  await redis?.destroy();
});

it('a worker killed mid-run: its jobs are taken over and every event still arrives exactly once', async () => {
  const queueName = 'crash';
  const options: ProcessWorkerOptions = {
    queueName,
    concurrency: 100,
    batch: { size: 50, maxWaitMs: 20 },
    limiter: { max: 100, durationMs: 100 },
    // A dead worker's jobs are taken over after their lock lapses (2 s) and the next stalled check.
    lockDurationMs: 2_000,
    stalledIntervalMs: 500,
  };
  const queue = createFynoQueue({ connection: redis.url, queueName });
  await queue.enqueueBulk(
    'order_shipped',
    Array.from({ length: EVENTS }, (_, i) => ({ distinct_id: `user_${i}`, data: { n: i } })),
  );

  // The first request is accepted and recorded, then its answer is held: the send-then-die window.
  emulator.failNext(1, { stallMs: 60_000 }, 'after');
  const victim = await startWorkerProcess(redis.url, emulator, options);
  workers.push(victim);
  await waitFor(() => emulator.messages().length >= 400, 20_000, '400 messages before the kill');
  const [held] = emulator.requests();
  expect(held!.fault).toBe('stall');
  expect(held!.idempotency_key).toMatch(/^bullmq:crash:batch:/);
  const heldMessages = emulator.messages().filter((m) => m.idempotency_key === held!.idempotency_key);
  expect(heldMessages.length).toBeGreaterThan(0); // Fyno has them; the victim never heard back
  victim.child.kill('SIGKILL');
  await new Promise((resolve) => victim.child.once('exit', resolve));
  const deliveredAtKill = emulator.messages().length;
  expect(deliveredAtKill).toBeLessThan(EVENTS);

  workers.push(await startWorkerProcess(redis.url, emulator, options));
  await waitFor(async () => (await queue.queue.getCompletedCount()) === EVENTS, 60_000, 'every job completed');
  await new Promise((r) => setTimeout(r, 300));

  const messages = emulator.messages();
  const seen = new Map<number, number>();
  for (const m of messages) {
    const n = (m.data as { n: number }).n;
    seen.set(n, (seen.get(n) ?? 0) + 1);
  }
  expect(seen.size).toBe(EVENTS);
  expect([...seen.values()].every((count) => count === 1)).toBe(true);
  expect(messages).toHaveLength(EVENTS);

  // The survivor re-sent the held batch under its key, and Fyno replayed instead of sending again.
  const replays = emulator.requests().filter((r) => r.idempotent_replay);
  expect(replays.map((r) => r.idempotency_key)).toContain(held!.idempotency_key);
  console.log(`[crash] killed after ${deliveredAtKill} of ${EVENTS}; ${replays.length} replayed request(s), 0 duplicates`);
  expect(await queue.queue.getFailedCount()).toBe(0);
  await queue.close();
});
