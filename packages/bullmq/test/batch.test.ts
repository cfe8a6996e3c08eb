/**
 * Batch jobs (`enqueueBatch`): many notifications in one job, sent as one bulk request under the job's
 * key. Checked at enqueue, split by count and bytes, poison entries refused without holding back the
 * rest, a retry that never re-sends an accepted entry, the rate limit counted in notifications, and
 * one trace from the enqueue to every job. A private Redis and the emulator over a socket.
 */
import { Fyno, FynoValidationError } from '@fyno-kit/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFynoQueue, createFynoWorker, type FynoBatchJobData, type FynoBullQueue, type FynoBullWorker } from '../src/index';
import { waitFor } from './helpers';
import { startRedis, type TestRedis } from './redis';

let redis: TestRedis;
let emulator: RunningEmulator;
let fyno: Fyno;
let queue: FynoBullQueue;
let worker: FynoBullWorker | undefined;
let queueName: string;
let n = 0;

beforeAll(async () => {
  redis = await startRedis();
  // A small body cap, so that one large entry makes Fyno refuse the bulk body it is in (413).
  emulator = await startEmulator({ events: ['digest'], maxBodyBytes: 8_000 });
  fyno = new Fyno({ workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, maxRetries: 0 });
});
afterAll(async () => {
  await fyno?.close();
  await emulator?.stop();
  await redis?.destroy();
});
beforeEach(() => {
  emulator.clear();
  emulator.setFaults(null);
  queueName = `b${++n}`;
  queue = createFynoQueue({ connection: redis.url, queueName, attempts: 3, backoffDelayMs: 50 });
});
afterEach(async () => {
  await worker?.close();
  worker = undefined;
  await queue.queue.obliterate({ force: true });
  await queue.close();
});

const users = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ({ distinct_id: `user_${from + i}`, data: { n: from + i } }));

function startWorker(options: Partial<Parameters<typeof createFynoWorker>[0]> = {}): FynoBullWorker {
  worker = createFynoWorker({ connection: redis.url, fyno, queueName, onError: () => {}, ...options });
  return worker;
}

/** How often each `data.n` reached the emulator. */
function deliveries(): Map<number, number> {
  const seen = new Map<number, number>();
  for (const m of emulator.messages()) {
    const value = (m.data as { n: number }).n;
    seen.set(value, (seen.get(value) ?? 0) + 1);
  }
  return seen;
}

describe('enqueueBatch', () => {
  it('checks every entry first: one malformed entry refuses the call, names its index, and stores nothing', async () => {
    const entries = [...users(5), { distinct_id: 'u', to: { email: 12345 } } as never, ...users(3, 5)];
    const error = await queue.enqueueBatch('digest', entries).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FynoValidationError);
    expect((error as Error).message).toMatch(/^\[5\]\.to\.email must be a string/);
    await expect(queue.enqueueBatch('digest', [])).rejects.toThrow('batch payloads must be a non-empty array');
    await expect(queue.enqueueBatch('digest', users(2), { maxPerJob: 1_001 })).rejects.toBeInstanceOf(FynoValidationError);
    expect(await queue.queue.count()).toBe(0);
  });

  it('splits by count and by bytes, in order, each job holding only its entries', async () => {
    const ids = await queue.enqueueBatch('digest', users(250));
    expect(ids).toHaveLength(3);
    const jobs = await Promise.all(ids.map((id) => queue.queue.getJob(id)));
    expect(jobs.map((j) => (j!.data as unknown as FynoBatchJobData).payloads.length)).toEqual([100, 100, 50]);
    expect(jobs.flatMap((j) => (j!.data as unknown as FynoBatchJobData).payloads.map((p) => (p.data as { n: number }).n))).toEqual(
      users(250).map((u) => u.data.n),
    );

    const wide = Array.from({ length: 10 }, (_, i) => ({ distinct_id: `w${i}`, data: { n: i, pad: 'x'.repeat(300) } }));
    const entryBytes = Buffer.byteLength(JSON.stringify(wide[0])) + 1; // each entry and its comma
    const byBytes = await queue.enqueueBatch('digest', wide, { maxBytesPerJob: 3 * entryBytes + 1 });
    const sizes = await Promise.all(byBytes.map(async (id) => (await queue.queue.getJob(id))!.data as unknown as FynoBatchJobData));
    expect(sizes.map((d) => d.payloads.length)).toEqual([3, 3, 3, 1]);
  });

  it('the same call with the same idempotency key is the same jobs', async () => {
    const a = await queue.enqueueBatch('digest', users(150), { idempotencyKey: 'weekly-2026-49' });
    const b = await queue.enqueueBatch('digest', users(150), { idempotencyKey: 'weekly-2026-49' });
    expect(a).toEqual(b);
    expect(await queue.queue.count()).toBe(2);
  });
});

describe('a worker sending batch jobs', () => {
  it('sends each job as one bulk request under the job key, every entry once', async () => {
    const ids = await queue.enqueueBatch('digest', users(230));
    startWorker();
    await waitFor(async () => (await queue.queue.getCompletedCount()) === ids.length, 20_000, 'every batch job completed');
    const bulk = emulator.requests().filter((r) => r.path.endsWith('/event/bulk'));
    expect(bulk).toHaveLength(3);
    expect(bulk.map((r) => r.idempotency_key).sort()).toEqual(ids.map((id) => `bullmq:${queueName}:${id}`).sort());
    const seen = deliveries();
    expect(seen.size).toBe(230);
    expect([...seen.values()].every((c) => c === 1)).toBe(true);
    const job = await queue.queue.getJob(ids[0]!);
    expect(job!.returnvalue).toMatchObject({ idempotencyKey: `bullmq:${queueName}:${ids[0]}`, count: 100 });
  });

  it('a poison entry Fyno refuses fails alone: the others are sent once, the failed set names it, a retry re-sends nothing accepted', async () => {
    const entries: Array<{ distinct_id: string; data: Record<string, unknown> }> = users(10);
    entries[4] = { distinct_id: 'user_4', data: { n: 4, blob: 'x'.repeat(9_000) } }; // alone over the 8 kB cap
    const [id] = await queue.enqueueBatch('digest', entries);
    startWorker();
    await waitFor(async () => (await queue.queue.getFailedCount()) === 1, 20_000, 'the batch job in the failed set');

    const seen = deliveries();
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
    expect([...seen.values()].every((c) => c === 1)).toBe(true);
    const failed = await queue.failed();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ jobId: id, entry: 4, event: 'digest', error: { status: 413, permanent: true } });
    expect(failed[0]!.payload).toEqual(entries[4]);
    const job = await queue.queue.getJob(id!);
    expect((job!.data as unknown as FynoBatchJobData).sent).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
    expect(job!.failedReason).toContain('1 of 10 entries refused; first [4]: [413 payload_too_large]');

    const requestsBefore = emulator.requests().length;
    expect(await queue.retryFailed(id!)).toBe(1);
    await waitFor(
      async () => (await queue.queue.getFailedCount()) === 1 && emulator.requests().length > requestsBefore,
      20_000,
      'the retried job to fail again',
    );
    const resent = emulator.requests().slice(requestsBefore);
    expect(resent.map((r) => r.idempotency_key)).toEqual([`bullmq:${queueName}:${id}:entry:4`]);
    expect(deliveries().size).toBe(9);
  });

  it('a retryable failure mid-split retries only what was not accepted, and never the bulk body again', async () => {
    const [id] = await queue.enqueueBatch('digest', users(20));
    // Fyno refuses the bulk body (400): nothing in it was sent. Then the first three entries sent alone meet a 503.
    emulator.failNext(1, { status: 400, body: { _message: 'refused for the test' } });
    emulator.failNext(3, { status: 503 });
    startWorker();
    await waitFor(async () => (await queue.queue.getCompletedCount()) === 1, 20_000, 'the batch job completed');

    const seen = deliveries();
    expect(seen.size).toBe(20);
    expect([...seen.values()].every((c) => c === 1)).toBe(true);
    const requests = emulator.requests();
    expect(requests.filter((r) => r.path.endsWith('/event/bulk'))).toHaveLength(1);
    const entryRequests = requests.filter((r) => r.idempotency_key?.startsWith(`bullmq:${queueName}:${id}:entry:`));
    // Twenty entries, three of them twice (the 503, then the retry): never an accepted entry again.
    expect(entryRequests).toHaveLength(23);
    const accepted = entryRequests.filter((r) => r.status === 202).map((r) => r.idempotency_key);
    expect(new Set(accepted).size).toBe(20);
    expect(accepted).toHaveLength(20);
    const job = await queue.queue.getJob(id!);
    expect(job!.attemptsMade).toBe(2);
  });

  it('the rate limit counts notifications, not jobs', async () => {
    // 300 notifications in 3 jobs, 100 a second: at least two full windows between the first and last.
    await queue.enqueueBatch('digest', users(300));
    startWorker({ limiter: { max: 100, durationMs: 1_000 } });
    const t0 = Date.now();
    await waitFor(async () => (await queue.queue.getCompletedCount()) === 3, 30_000, 'every batch job completed');
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(1_800);
    expect(deliveries().size).toBe(300);
    expect(await queue.queue.getFailedCount()).toBe(0);
  });
});
