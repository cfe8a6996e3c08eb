/**
 * Batch jobs across process deaths and a Redis restart: a worker SIGKILLed after Fyno accepted a batch
 * job's bulk request but before it heard back, and Redis stopped and started mid-run. Every entry
 * arrives exactly once: a re-delivered job re-sends under its own key, and Fyno replays.
 */
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createFynoQueue } from '../src/index';
import { startWorkerProcess, waitFor, type ProcessWorkerOptions, type WorkerProcess } from './helpers';
import { startRedis, type TestRedis } from './redis';

let redis: TestRedis;
let emulator: RunningEmulator;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  emulator = await startEmulator({ events: ['digest'] });
});
beforeEach(() => emulator.clear());
afterAll(async () => {
  for (const w of workers) w.child.kill('SIGKILL');
  await emulator?.stop();
  await redis?.destroy();
});

const entries = (count: number) => Array.from({ length: count }, (_, i) => ({ distinct_id: `user_${i}`, data: { n: i } }));

function expectEachOnce(total: number): void {
  const seen = new Map<number, number>();
  for (const m of emulator.messages()) {
    const n = (m.data as { n: number }).n;
    seen.set(n, (seen.get(n) ?? 0) + 1);
  }
  expect(seen.size).toBe(total);
  expect([...seen.entries()].filter(([, c]) => c !== 1)).toEqual([]);
}

it('SIGKILL mid-batch: the held batch job is taken over, re-sent under its key, and replayed: every entry once', async () => {
  const EVENTS = 2_000;
  const queueName = 'batch-crash';
  const options: ProcessWorkerOptions = { queueName, concurrency: 4, lockDurationMs: 2_000, stalledIntervalMs: 500 };
  const queue = createFynoQueue({ connection: redis.url, queueName });
  const ids = await queue.enqueueBatch('digest', entries(EVENTS));
  expect(ids).toHaveLength(20);

  // The first bulk request is accepted and recorded, then its answer is held: the send-then-die window.
  emulator.failNext(1, { stallMs: 60_000 }, 'after');
  const victim = await startWorkerProcess(redis.url, emulator, options);
  workers.push(victim);
  await waitFor(() => emulator.messages().length >= 400, 20_000, '400 messages before the kill');
  const [held] = emulator.requests();
  expect(held!.fault).toBe('stall');
  expect(ids.map((id) => `bullmq:${queueName}:${id}`)).toContain(held!.idempotency_key);
  victim.child.kill('SIGKILL');
  await new Promise((resolve) => victim.child.once('exit', resolve));
  const atKill = emulator.messages().length;
  expect(atKill).toBeLessThan(EVENTS);

  workers.push(await startWorkerProcess(redis.url, emulator, options));
  await waitFor(async () => (await queue.queue.getCompletedCount()) === ids.length, 60_000, 'every batch job completed');
  await new Promise((r) => setTimeout(r, 300));
  expectEachOnce(EVENTS);
  const replays = emulator.requests().filter((r) => r.idempotent_replay);
  expect(replays.map((r) => r.idempotency_key)).toContain(held!.idempotency_key);
  expect(await queue.queue.getFailedCount()).toBe(0);
  console.log(`[batch-crash] killed after ${atKill} of ${EVENTS}; ${replays.length} replayed request(s), 0 duplicates`);
  await workers.at(-1)!.close();
  await queue.close();
});

it('a Redis restart mid-run: batch jobs enqueued before it are each delivered once', async () => {
  const EVENTS = 3_000;
  const queueName = 'batch-restart';
  const queue = createFynoQueue({ connection: redis.url, queueName });
  // Slow enough (1 000 notifications a second) that the restart lands mid-run.
  const worker = await startWorkerProcess(redis.url, emulator, {
    queueName,
    concurrency: 4,
    limiter: { max: 200, durationMs: 200 },
    lockDurationMs: 3_000,
    stalledIntervalMs: 1_000,
  });
  workers.push(worker);
  await queue.enqueueBatch('digest', entries(EVENTS));
  await waitFor(() => emulator.messages().length >= 500, 20_000, '500 messages before the restart');
  await redis.stop();
  const atStop = emulator.messages().length;
  expect(atStop).toBeLessThan(EVENTS);
  await new Promise((r) => setTimeout(r, 1_000));
  await redis.start();
  await waitFor(() => emulator.messages().length >= EVENTS, 60_000, `${EVENTS} messages`);
  await waitFor(async () => (await queue.queue.getCompletedCount().catch(() => 0)) === 30, 30_000, 'every batch job completed');
  await new Promise((r) => setTimeout(r, 300));
  expectEachOnce(EVENTS);
  expect(await queue.queue.getFailedCount()).toBe(0);
  console.log(`[batch-restart] stopped after ${atStop} of ${EVENTS}; all delivered once`);
  await worker.close();
  await queue.close();
});
