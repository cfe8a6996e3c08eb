/**
 * `close()` waits for calls in flight (not only the queues) and refuses new ones; an event over
 * Fyno's 10 MB limit is refused before anything is sent. Against the emulator over real sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FynoConnectionError, FynoPayloadTooLargeError } from '../src/index';
import { caught, setup } from './helpers';

let ctx: Awaited<ReturnType<typeof setup>> | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

const eventRequests = () => ctx!.emu.requests().filter((r) => r.path.endsWith('/event'));

describe('close() and calls in flight', () => {
  it('waits for 50 stalled calls to settle, each delivered once, and refuses calls after it', async () => {
    ctx = await setup();
    ctx.emu.failNext(50, { stallMs: 400 });
    const settled: boolean[] = [];
    const calls = Array.from({ length: 50 }, (_, i) =>
      ctx!.fyno.fire('order_shipped', { distinct_id: `u${i}`, data: { i } }, { idempotencyKey: `close-${i}` }).finally(() => {
        settled[i] = true;
      }),
    );
    // Let every request reach the emulator's stall before closing.
    await waitFor(() => ctx!.emu.requests().length === 50);
    await ctx.fyno.close(20_000);
    expect(settled.filter(Boolean)).toHaveLength(50);
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(50);
    expect(ctx.emu.messages()).toHaveLength(50);
    expect(new Set(ctx.emu.messages().map((m) => m.distinct_id)).size).toBe(50);

    const after = await caught(() => ctx!.fyno.fire('order_shipped', { distinct_id: 'late' }));
    expect(after).toBeInstanceOf(FynoConnectionError);
    expect(after.message).toMatch(/closed/);
    expect(ctx.emu.requests()).toHaveLength(50);
  });

  it('a call waiting out a retry backoff is delivered, not cut off by the pool closing', async () => {
    ctx = await setup({ initialRetryDelayMs: 400, maxRetryDelayMs: 400 });
    ctx.emu.failNext(1, { status: 503 });
    const call = ctx.fyno.fire('order_shipped', { distinct_id: 'u1' });
    await waitFor(() => eventRequests().length === 1);
    await ctx.fyno.close();
    await expect(call).resolves.toMatchObject({ event: 'order_shipped' });
    expect(eventRequests().map((r) => r.status)).toEqual([503, 202]);
    expect(ctx.emu.messages()).toHaveLength(1);
  });

  it('a queue still drains inside close(), and close() gives up on a stuck call after timeoutMs', async () => {
    ctx = await setup({ timeoutMs: 30_000 });
    const queue = ctx.fyno.queue({ flushIntervalMs: 10_000 });
    queue.enqueue('order_shipped', { distinct_id: 'q1' });
    ctx.emu.failNext(1, { stallMs: 5_000 });
    const stuck = ctx.fyno.fire('order_shipped', { distinct_id: 'stuck' }).catch((error: unknown) => error);
    await waitFor(() => eventRequests().length === 1);
    const started = Date.now();
    await ctx.fyno.close(300);
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(ctx.emu.messages({ distinct_id: 'q1' })).toHaveLength(1);
    void stuck;
  });
});

describe('oversized events', () => {
  it('fire() refuses a body over 10 MB with FynoPayloadTooLargeError; 0 requests reach the emulator', async () => {
    ctx = await setup();
    const big = 'x'.repeat(10 * 1024 * 1024);
    const err = await caught(() => ctx!.fyno.fire('order_shipped', { distinct_id: 'u1', data: { big } }));
    expect(err).toBeInstanceOf(FynoPayloadTooLargeError);
    expect(err).toMatchObject({ status: 413, code: 'payload_too_large', requestPath: `/v1/${ctx.emu.workspaceId}/live/event` });
    expect(err.message).toMatch(/^The request body is \d+ bytes, over Fyno's 10485760-byte \(10 MB\) limit; nothing was sent$/);
    expect(ctx.emu.requests()).toHaveLength(0);
  });

  it('counts UTF-8 bytes: 4 million three-byte characters are over the limit, 3 million are not', async () => {
    ctx = await setup();
    const over = await caught(() => ctx!.fyno.fire('order_shipped', { distinct_id: 'u1', data: { text: '€'.repeat(4_000_000) } }));
    expect(over).toBeInstanceOf(FynoPayloadTooLargeError);
    expect(ctx.emu.requests()).toHaveLength(0);
    const res = await ctx.fyno.fire('order_shipped', { distinct_id: 'u1', data: { text: '€'.repeat(3_000_000) } });
    expect(res.event).toBe('order_shipped');
  });

  it('a queue batch over 10 MB (maxBatchBytes set above it) is refused unsent and reported to onError with its payloads', async () => {
    ctx = await setup();
    const failures: Array<{ code: string; payloads: unknown[] }> = [];
    const queue = ctx.fyno.queue({
      flushIntervalMs: 60_000,
      maxBatchBytes: 20 * 1024 * 1024,
      onError: (error, batch) => failures.push({ code: error.code, payloads: batch.payloads }),
    });
    // 3 × 1.2 million '€' (3 bytes each): 10.8 MB of UTF-8, under maxBatchBytes, so one batch of 3.
    const text = '€'.repeat(1_200_000);
    for (let i = 0; i < 3; i++) queue.enqueue('order_shipped', { distinct_id: `u${i}`, data: { text } });
    await queue.flush();
    expect(failures.map((f) => f.code)).toEqual(['payload_too_large']);
    expect(failures[0]?.payloads).toEqual([0, 1, 2].map((i) => ({ distinct_id: `u${i}`, data: { text } })));
    expect(ctx.emu.requests()).toHaveLength(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
