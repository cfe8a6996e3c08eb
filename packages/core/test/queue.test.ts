import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FynoQueueClosedError, FynoQueueFullError, FynoValidationError, type FynoError } from '../src/index';
import { setup } from './helpers';
// By path, not as @fyno-kit/test-support: that package takes its types from core, so depending on it
// here would make a cycle in the workspace graph (turbo refuses one). The queue suite imports nothing of core's.
import { runEnqueuerSuite } from '../../../tooling/test-support/enqueuer-suite';

runEnqueuerSuite('core in-process FynoQueue', async () => {
  const ctx = await setup();
  const queue = ctx.fyno.queue({ flushIntervalMs: 20 });
  return { queue, settle: () => queue.flush(), messages: () => ctx.emu.messages(), dispose: () => ctx.close() };
});

let ctx: Awaited<ReturnType<typeof setup>> | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

const bulkRequests = () => ctx!.emu.requests().filter((r) => r.path.endsWith('/event/bulk'));

describe('queue', () => {
  it("returns at once and sends each event's payloads together through bulk", async () => {
    ctx = await setup();
    const queue = ctx.fyno.queue({ flushAt: 1_000, flushIntervalMs: 60_000 });
    for (let i = 0; i < 30; i++) queue.enqueue(i % 3 === 0 ? 'digest' : 'order_shipped', { distinct_id: `u${i}`, to: { email: `u${i}@x.io` } });
    expect(queue.size).toBe(30);
    expect(ctx.emu.requests()).toHaveLength(0);
    await queue.flush();
    expect(queue.size).toBe(0);
    expect(bulkRequests()).toHaveLength(2);
    expect(ctx.emu.messages({ event: 'digest' })).toHaveLength(10);
    expect(ctx.emu.messages({ event: 'order_shipped' })).toHaveLength(20);
  });

  it('sends a batch as soon as flushAt payloads wait, and on the interval otherwise', async () => {
    ctx = await setup();
    const queue = ctx.fyno.queue({ flushAt: 5, flushIntervalMs: 100 });
    for (let i = 0; i < 5; i++) queue.enqueue('digest', { distinct_id: `u${i}` });
    await expect.poll(() => ctx!.emu.messages().length, { timeout: 2_000 }).toBe(5);
    queue.enqueue('digest', { distinct_id: 'late' });
    await expect.poll(() => ctx!.emu.messages({ distinct_id: 'late' }).length, { timeout: 2_000 }).toBe(1);
  });

  it('splits by flushAt and by maxBatchBytes', async () => {
    ctx = await setup();
    const queue = ctx.fyno.queue({ flushAt: 40, flushIntervalMs: 60_000, maxBatchBytes: 4_000 });
    for (let i = 0; i < 100; i++) queue.enqueue('digest', { distinct_id: `u${i}`, data: { pad: 'p'.repeat(150) } });
    await queue.flush();
    const reqs = bulkRequests();
    expect(reqs.length).toBeGreaterThanOrEqual(5);
    expect(ctx.emu.messages()).toHaveLength(100);
  });

  it('rejects with FynoQueueFullError past maxQueueSize, dropping nothing it accepted', async () => {
    ctx = await setup();
    const queue = ctx.fyno.queue({ flushAt: 1_000, flushIntervalMs: 60_000, maxQueueSize: 10 });
    for (let i = 0; i < 10; i++) queue.enqueue('digest', { distinct_id: `u${i}` });
    expect(() => queue.enqueue('digest', { distinct_id: 'x' })).toThrow(FynoQueueFullError);
    await queue.flush();
    queue.enqueue('digest', { distinct_id: 'after' });
    await queue.flush();
    expect(ctx.emu.messages()).toHaveLength(11);
  });

  it('checks payloads at enqueue, and snapshots them', async () => {
    ctx = await setup();
    const queue = ctx.fyno.queue({ flushIntervalMs: 60_000 });
    expect(() => queue.enqueue('digest', { to: { email: 1 } } as never)).toThrow(FynoValidationError);
    const payload = { distinct_id: 'u1', data: { n: 1 } };
    queue.enqueue('digest', payload);
    payload.data.n = 2;
    await queue.flush();
    expect(ctx.emu.messages()[0]?.data).toEqual({ n: 1 });
  });

  it('retries a failed batch with its key and reports a final failure to onError with the payloads', async () => {
    ctx = await setup();
    const failures: Array<{ error: FynoError; event: string; payloads: unknown[] }> = [];
    const queue = ctx.fyno.queue({
      flushIntervalMs: 60_000,
      onError: (error, batch) => failures.push({ error, event: batch.event, payloads: batch.payloads }),
    });
    ctx.emu.failNext(1, { status: 503 });
    queue.enqueue('digest', { distinct_id: 'a' });
    await queue.flush();
    const reqs = bulkRequests();
    expect(reqs.map((r) => r.status)).toEqual([503, 202]);
    expect(reqs[0]?.idempotency_key).toBe(reqs[1]?.idempotency_key);
    // Text beyond ASCII comes back to onError as it was enqueued (the batch may have been held as UTF-8 bytes).
    queue.enqueue('unknown_event', { distinct_id: 'b', data: { keep: true, name: 'Zoë 🚀 €' } });
    await queue.flush();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ event: 'unknown_event', payloads: [{ distinct_id: 'b', data: { keep: true, name: 'Zoë 🚀 €' } }] });
    expect(failures[0]?.error.code).toBe('bad_request');
  });

  it('sends text beyond ASCII as enqueued, and a payload changed after enqueue as it was then', async () => {
    ctx = await setup();
    const queue = ctx.fyno.queue({ flushIntervalMs: 60_000 });
    const payload = { distinct_id: 'zoe', data: { name: 'Zoë 🚀 €', n: 1 } };
    queue.enqueue('digest', payload);
    payload.data.name = 'changed';
    payload.data.n = 2;
    await queue.flush();
    const [message] = ctx.emu.messages({ distinct_id: 'zoe' });
    expect(message?.data).toEqual({ name: 'Zoë 🚀 €', n: 1 });
  });

  it('close drains, then refuses new payloads; a timeout reports what is left', async () => {
    ctx = await setup();
    const queue = ctx.fyno.queue({ flushIntervalMs: 60_000 });
    for (let i = 0; i < 50; i++) queue.enqueue('digest', { distinct_id: `u${i}` });
    expect(await queue.close(5_000)).toEqual({ sent: 50, failed: 0, abandoned: 0 });
    expect(ctx.emu.messages()).toHaveLength(50);
    expect(() => queue.enqueue('digest', { distinct_id: 'late' })).toThrow(FynoQueueClosedError);

    const reported: number[] = [];
    const slow = ctx.fyno.queue({ flushAt: 10, concurrency: 1, flushIntervalMs: 60_000, onError: (_e, b) => reported.push(b.payloads.length) });
    ctx.emu.failNext(1, { stallMs: 1_500 });
    for (let i = 0; i < 30; i++) slow.enqueue('digest', { distinct_id: `s${i}` });
    const result = await slow.close(200);
    expect(result.abandoned).toBe(20);
    expect(reported.reduce((a, b) => a + b, 0)).toBe(20);
  });
});

describe('queue: idempotencyKey (how the in-process queue honours it)', () => {
  it('sends a keyed notification in a bulk request of its own under exactly that Idempotency-Key, and batches the rest', async () => {
    ctx = await setup();
    const queue = ctx.fyno.queue({ flushAt: 1_000, flushIntervalMs: 60_000 });
    for (let i = 0; i < 5; i++) queue.enqueue('digest', { distinct_id: `plain${i}` });
    queue.enqueue('digest', { distinct_id: 'keyed' }, { idempotencyKey: 'digest-keyed-1' });
    await queue.flush();
    const reqs = bulkRequests();
    expect(reqs).toHaveLength(2);
    expect(reqs.filter((r) => r.idempotency_key === 'digest-keyed-1')).toHaveLength(1);
    expect(ctx.emu.messages({ event: 'digest' })).toHaveLength(6);
  });

  it('a repeat while the first is pending is dropped in the process; a repeat after it was sent is answered by Fyno without a second message', async () => {
    ctx = await setup();
    const queue = ctx.fyno.queue({ concurrency: 1 });
    ctx.emu.failNext(1, { stallMs: 300 });
    queue.enqueue('otp', { distinct_id: 'slow' }, { idempotencyKey: 'first' });
    queue.enqueue('otp', { distinct_id: 'u' }, { idempotencyKey: 'k' });
    queue.enqueue('otp', { distinct_id: 'u' }, { idempotencyKey: 'k' });
    expect(queue.size).toBe(2);
    await queue.flush();
    queue.enqueue('otp', { distinct_id: 'u' }, { idempotencyKey: 'k' });
    await queue.flush();
    expect(ctx.emu.messages({ distinct_id: 'u' })).toHaveLength(1);
    expect(
      bulkRequests()
        .filter((r) => r.idempotency_key === 'k')
        .map((r) => r.idempotent_replay ?? false),
    ).toEqual([false, true]);
  });
});

describe('drainOnSignals', () => {
  it('a process with a full queue that gets SIGTERM still delivers every payload once', async () => {
    ctx = await setup();
    const script = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'queue-child.mjs');
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, EMU_BASE_URL: ctx.emu.baseUrl, EMU_WSID: ctx.emu.workspaceId, EMU_KEY: ctx.emu.apiKey, COUNT: '2000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('queued') && resolve()));
    expect(ctx.emu.messages().length).toBeLessThan(2000);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const ids = ctx.emu.messages().map((m) => m.distinct_id);
    expect(ids).toHaveLength(2000);
    expect(new Set(ids).size).toBe(2000);
  });
});
