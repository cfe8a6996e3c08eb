/**
 * One process: a producer and a worker on a private Redis, sending to the emulator over a socket.
 * Delivery, grouping into bulk requests, retryable vs permanent failures, the failed set and re-queueing.
 */
import { Fyno, FynoValidationError } from '@fyno-kit/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFynoQueue, createFynoWorker, type FynoBullQueue, type FynoBullWorker } from '../src/index';
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
  emulator = await startEmulator({ events: ['order_shipped', 'otp'] });
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
  queueName = `t${++n}`;
  queue = createFynoQueue({ connection: redis.url, queueName, attempts: 3, backoffDelayMs: 50 });
});
afterEach(async () => {
  await worker?.close();
  worker = undefined;
  await queue.queue.obliterate({ force: true });
  await queue.close();
});

function startWorker(options: Partial<Parameters<typeof createFynoWorker>[0]> = {}): FynoBullWorker {
  worker = createFynoWorker({ connection: redis.url, fyno, queueName, onError: () => {}, ...options });
  return worker;
}

describe('enqueue', () => {
  it('refuses what core would refuse, with the same errors, and stores nothing', async () => {
    const bad: unknown[] = [
      null,
      {},
      { distinct_id: '' },
      { to: {} },
      { to: { email: 42 } },
      { to: { email: ['a@b.c'] } },
      { distinct_id: 'u', data: [1] },
      { distinct_id: 'u', callback: { custom_id: true } },
    ];
    for (const payload of bad) {
      const core = await fyno.fire('order_shipped', payload as never).catch((e: unknown) => e);
      const ours = await queue.enqueue('order_shipped', payload as never).catch((e: unknown) => e);
      expect(core).toBeInstanceOf(FynoValidationError);
      expect(ours).toBeInstanceOf(FynoValidationError);
      expect((ours as FynoValidationError).message).toBe((core as FynoValidationError).message);
      expect((ours as FynoValidationError).field).toBe((core as FynoValidationError).field);
    }
    await expect(queue.enqueue('', { distinct_id: 'u' })).rejects.toBeInstanceOf(FynoValidationError);
    await expect(queue.enqueueBulk('otp', [{ distinct_id: 'u' }, { to: { sms: 1 } } as never])).rejects.toThrow('[1].to.sms must be a string');
    await expect(queue.enqueue('otp', { distinct_id: 'u' }, { delayMs: -1 })).rejects.toBeInstanceOf(FynoValidationError);
    expect(await queue.queue.count()).toBe(0);
    expect(emulator.requests()).toHaveLength(0);
  });

  it('makes one job of one idempotency key, and distinct uuid ids otherwise', async () => {
    const a = await queue.enqueue('otp', { distinct_id: 'u1' }, { idempotencyKey: 'order-1' });
    const b = await queue.enqueue('otp', { distinct_id: 'u1' }, { idempotencyKey: 'order-1' });
    const c = await queue.enqueue('otp', { distinct_id: 'u1' });
    const d = await queue.enqueue('otp', { distinct_id: 'u1' });
    expect(a).toBe(b);
    expect(a).toMatch(/^key-[0-9a-f]{40}$/);
    expect(c).not.toBe(d);
    expect(c).toMatch(/^[0-9a-f-]{36}$/);
    const bulk = await queue.enqueueBulk('otp', [{ distinct_id: 'x' }, { distinct_id: 'y' }], { idempotencyKey: 'batch-7' });
    const again = await queue.enqueueBulk('otp', [{ distinct_id: 'x' }, { distinct_id: 'y' }], { idempotencyKey: 'batch-7' });
    expect(again).toEqual(bulk);
    expect(await queue.queue.count()).toBe(5);

    startWorker();
    await waitFor(() => emulator.messages().length >= 5, 10_000, '5 messages');
    await new Promise((r) => setTimeout(r, 200));
    expect(emulator.messages()).toHaveLength(5);
  });

  it('holds a delayed job until its time', async () => {
    startWorker();
    const t0 = Date.now();
    await queue.enqueue('otp', { distinct_id: 'late' }, { delayMs: 700 });
    await waitFor(() => emulator.messages().length === 1, 10_000, 'the delayed message');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(650);
  });
});

describe('worker', () => {
  it('groups jobs of one event into bulk requests under batch keys, each payload once', async () => {
    const payloads = Array.from({ length: 300 }, (_, i) => ({ distinct_id: `u${i}`, data: { i } }));
    await queue.enqueueBulk('order_shipped', payloads);
    await queue.enqueue('otp', { to: { sms: '+15550001111' } });
    startWorker({ concurrency: 50, batch: { size: 50, maxWaitMs: 20 } });
    await waitFor(() => emulator.messages().length >= 301, 15_000, '301 messages');
    const messages = emulator.messages();
    expect(messages).toHaveLength(301);
    expect(new Set(messages.map((m) => m.distinct_id ?? m.to?.sms)).size).toBe(301);
    const requests = emulator.requests();
    const bulk = requests.filter((r) => r.path.endsWith('/event/bulk'));
    expect(bulk.length).toBeGreaterThan(0);
    expect(bulk.length).toBeLessThan(60); // 300 jobs in groups, not one request each
    for (const r of bulk) expect(r.idempotency_key).toMatch(new RegExp(`^bullmq:${queueName}:batch:[0-9a-f-]{36}$`));
    // A job completes in Redis just after Fyno has its message: wait for the last one, not only the sends.
    await waitFor(async () => (await queue.queue.getCompletedCount()) >= 301, 15_000, '301 completed jobs');
    const completed = await queue.queue.getCompleted(0, -1);
    expect(completed).toHaveLength(301);
    expect(completed.every((j) => typeof j.returnvalue.idempotencyKey === 'string')).toBe(true);
  });

  it('sends alone with batch: false, under bullmq:<queue>:<jobId>', async () => {
    const id = await queue.enqueue('otp', { distinct_id: 'solo' });
    startWorker({ batch: false });
    await waitFor(() => emulator.messages().length === 1, 10_000, 'the message');
    const [req] = emulator.requests();
    expect(req!.path).toMatch(/\/event$/);
    expect(req!.idempotency_key).toBe(`bullmq:${queueName}:${id}`);
  });

  it('fails an unknown event at once (400) with status and _message, and retryFailed re-queues it', async () => {
    const id = await queue.enqueue('no_such_event', { distinct_id: 'u1' });
    startWorker();
    await waitFor(async () => (await queue.queue.getFailedCount()) === 1, 10_000, 'the failed job');
    const [failed] = await queue.failed();
    expect(failed).toMatchObject({
      jobId: id,
      event: 'no_such_event',
      payload: { distinct_id: 'u1' },
      attemptsMade: 1, // no retries for a 400
      error: {
        code: 'bad_request',
        status: 400,
        message: "The notification event name 'no_such_event' is invalid or does not exists on prod",
        permanent: true,
      },
    });
    const job = await queue.queue.getJob(id);
    expect(job!.failedReason).toBe("[400 bad_request] The notification event name 'no_such_event' is invalid or does not exists on prod");
    expect(emulator.requests()).toHaveLength(1);

    expect(await queue.retryFailed(id)).toBe(1);
    await waitFor(() => emulator.requests().length === 2, 10_000, 'the retried request');
    await waitFor(async () => (await queue.queue.getFailedCount()) === 1, 10_000, 'the job failed again');
    expect(await queue.retryFailed('missing-id')).toBe(0);
  });

  it('retryFailed("all") sends jobs that failed for good once Fyno accepts them', async () => {
    startWorker({ batch: false });
    emulator.failNext(2, { status: 403, body: { _message: 'Forbidden by IP allowlist', status: 'error' } });
    await queue.enqueue('otp', { distinct_id: 'a' });
    await queue.enqueue('otp', { distinct_id: 'b' });
    await waitFor(async () => (await queue.queue.getFailedCount()) === 2, 10_000, 'two failed jobs');
    const failed = await queue.failed();
    expect(failed.map((f) => [f.error.status, f.error.message])).toEqual([
      [403, 'Forbidden by IP allowlist'],
      [403, 'Forbidden by IP allowlist'],
    ]);
    expect(emulator.messages()).toHaveLength(0);
    expect(await queue.retryFailed('all')).toBe(2);
    await waitFor(() => emulator.messages().length === 2, 10_000, 'two messages');
    expect(await queue.queue.getFailedCount()).toBe(0);
    expect(
      emulator
        .messages()
        .map((m) => m.distinct_id)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('retries 5xx and 429 with backoff, under one key, and delivers once', async () => {
    startWorker({ batch: false });
    emulator.failNext(1, { status: 503 }, 'after'); // processed, then 503: the retry must be a replay
    emulator.failNext(1, { status: 429, retryAfterS: 0 });
    await queue.enqueue('otp', { distinct_id: 'r' });
    await waitFor(async () => (await queue.queue.getCompletedCount()) === 1, 10_000, 'the completed job');
    const requests = emulator.requests();
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.idempotency_key)).size).toBe(1);
    expect(requests[2]!.idempotent_replay).toBe(true);
    expect(emulator.messages()).toHaveLength(1);
    const [job] = await queue.queue.getCompleted();
    expect(job!.attemptsMade).toBe(3);
  });

  it('fails a job after its attempts when Fyno keeps failing, with the last error', async () => {
    startWorker({ batch: false });
    emulator.setFaults({ error5xxRate: 1, status5xx: 502 });
    await queue.enqueue('otp', { distinct_id: 'down' });
    await waitFor(async () => (await queue.queue.getFailedCount()) === 1, 10_000, 'the failed job');
    const [failed] = await queue.failed();
    expect(failed!.attemptsMade).toBe(3);
    expect(failed!.error).toMatchObject({ code: 'server_error', status: 502, permanent: false });
    expect(emulator.requests()).toHaveLength(3);
  });

  it('a malformed job from another producer fails alone: every valid job of its group is sent exactly once', async () => {
    const valid = await queue.enqueueBulk(
      'otp',
      [1, 2, 3, 4, 5].map((i) => ({ to: { email: `u${i}@x.io` } })),
    );
    // Written straight to Redis, as another producer or an older schema would: core's checks never saw them.
    const malformed = [
      await queue.queue.add('otp', { event: 'otp', payload: { to: { email: 12345 } } } as never),
      await queue.queue.add('otp', { event: 'otp', payload: 'not an object' } as never),
      await queue.queue.add('otp', { event: 'otp', payload: { distinct_id: 'd', data: [1] } } as never),
    ].map((job) => job.id!);
    startWorker({ concurrency: 20, batch: { size: 10, maxWaitMs: 300 } });
    await waitFor(async () => (await queue.queue.getCompletedCount()) + (await queue.queue.getFailedCount()) === 8, 15_000, 'all 8 jobs settled');
    // From Redis: the valid jobs completed, only the malformed ones failed, each at its first attempt.
    const completed = await queue.queue.getCompleted(0, -1);
    expect(completed.map((j) => j.id).sort()).toEqual([...valid].sort());
    const failed = await queue.failed();
    expect(failed.map((f) => f.jobId).sort()).toEqual([...malformed].sort());
    for (const f of failed) expect(f.error).toMatchObject({ code: 'validation_error', permanent: true });
    // From what reached the emulator: each valid payload exactly once, and in one bulk request.
    expect(
      emulator
        .messages()
        .map((m) => m.to?.email)
        .sort(),
    ).toEqual(['u1@x.io', 'u2@x.io', 'u3@x.io', 'u4@x.io', 'u5@x.io']);
    const requests = emulator.requests();
    expect(requests.every((r) => r.status! < 300)).toBe(true);
    expect(requests.some((r) => r.path.endsWith('/event/bulk'))).toBe(true);
  });

  it('a group the client refuses because of one entry (alone over the request limit) sends every member alone, once', async () => {
    const small = new Fyno({ workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, maxRetries: 0, maxBulkBytes: 2_000 });
    try {
      const ids = await queue.enqueueBulk('otp', [
        { to: { email: 'a@x.io' } },
        { to: { email: 'big@x.io' }, data: { pad: 'x'.repeat(3_000) } },
        { to: { email: 'c@x.io' } },
      ]);
      startWorker({ fyno: small, concurrency: 10, batch: { size: 3, maxWaitMs: 300 } });
      await waitFor(async () => (await queue.queue.getCompletedCount()) === 3, 15_000, '3 completed');
      expect(await queue.queue.getFailedCount()).toBe(0);
      expect((await queue.queue.getCompleted(0, -1)).map((j) => j.id).sort()).toEqual([...ids].sort());
      expect(
        emulator
          .messages()
          .map((m) => m.to?.email)
          .sort(),
      ).toEqual(['a@x.io', 'big@x.io', 'c@x.io']);
      expect(emulator.requests()).toHaveLength(3);
    } finally {
      await worker?.close();
      worker = undefined;
      await small.close();
    }
  });

  it('when Fyno refuses a bulk body, sends the members alone so one bad payload fails alone', async () => {
    // Core's checks let an empty destination through; Fyno (and the emulator) refuse it.
    const ids = await queue.enqueueBulk('otp', [{ to: { email: 'a@x.io' } }, { to: { email: '' } }, { to: { email: 'c@x.io' } }]);
    startWorker({ concurrency: 10, batch: { size: 3, maxWaitMs: 200 } });
    await waitFor(async () => (await queue.queue.getFailedCount()) === 1 && (await queue.queue.getCompletedCount()) === 2, 10_000, '2 sent, 1 failed');
    expect(
      emulator
        .messages()
        .map((m) => m.to?.email)
        .sort(),
    ).toEqual(['a@x.io', 'c@x.io']);
    const [failed] = await queue.failed();
    expect(failed!.jobId).toBe(ids[1]);
    expect(failed!.error).toMatchObject({ status: 400, message: "'to.email' must be a non-empty string" });
    const [first] = emulator.requests();
    expect(first!.path).toMatch(/\/event\/bulk$/);
    expect(first!.status).toBe(400);
  });
});
