import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Fyno, FynoAbortError, FynoConnectionError, FynoRateLimitError, FynoServerError, FynoTimeoutError } from '../src/index';
import { Fyno as WebFyno, FynoConnectionError as WebFynoConnectionError } from '../src/index.web';
import { caught, setup } from './helpers';

let ctx: Awaited<ReturnType<typeof setup>> | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

const email = { to: { email: 'a@b.co' } };
const eventRequests = () => ctx!.emu.requests().filter((r) => r.path.endsWith('/event'));

// Every behaviour is checked on both transports: undici (Node default) and fetch (edge runtimes).
for (const transport of ['undici', 'fetch'] as const) {
  const opts = transport === 'fetch' ? { fetch: globalThis.fetch as never } : {};

  describe(`retries over ${transport} (SDK-3)`, () => {
    it('retries 503 with one idempotency key and sends the notification once', async () => {
      ctx = await setup(opts);
      ctx.emu.failNext(2, { status: 503 });
      const res = await ctx.fyno.fire('order_shipped', email);
      expect(res.response.email?.status).toBe('ok');
      const reqs = eventRequests();
      expect(reqs.map((r) => r.status)).toEqual([503, 503, 202]);
      expect(new Set(reqs.map((r) => r.idempotency_key)).size).toBe(1);
      expect(reqs[0]?.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
      expect(ctx.emu.messages()).toHaveLength(1);
    });

    it('a reset after Fyno processed the request is retried without a duplicate', async () => {
      ctx = await setup(opts, { faults: { resetRate: 1, phase: 'after', seed: 1 } });
      setTimeout(() => ctx?.emu.setFaults(null), 30);
      const res = await ctx.fyno.fire('order_shipped', email, { maxRetries: 6 });
      expect(res.event).toBe('order_shipped');
      expect(ctx.emu.messages()).toHaveLength(1);
      expect(new Set(eventRequests().map((r) => r.idempotency_key)).size).toBe(1);
    });

    it("uses the caller's idempotency key on every attempt", async () => {
      ctx = await setup(opts);
      ctx.emu.failNext(1, { status: 500 });
      await ctx.fyno.fire('order_shipped', email, { idempotencyKey: 'order-A-1001' });
      expect(eventRequests().map((r) => r.idempotency_key)).toEqual(['order-A-1001', 'order-A-1001']);
      await ctx.fyno.fire('order_shipped', email, { idempotencyKey: 'order-A-1001' });
      expect(ctx.emu.messages()).toHaveLength(1);
    });

    it('never retries 4xx other than 408/409/429', async () => {
      ctx = await setup(opts);
      for (const status of [400, 401, 403, 404, 413, 422]) {
        ctx.emu.clear();
        ctx.emu.failNext(1, { status });
        const err = await caught(() => ctx!.fyno.fire('order_shipped', email));
        expect(err.status).toBe(status);
        expect(eventRequests()).toHaveLength(1);
      }
    });

    it('retries 408 and 409', async () => {
      ctx = await setup(opts);
      ctx.emu.failNext(1, { status: 408 });
      ctx.emu.failNext(1, { status: 409 });
      await ctx.fyno.fire('order_shipped', email);
      expect(eventRequests().map((r) => r.status)).toEqual([408, 409, 202]);
    });

    it('gives up after maxRetries with FynoServerError carrying the key', async () => {
      ctx = await setup(opts);
      ctx.emu.failNext(3, { status: 503 });
      const err = await caught(() => ctx!.fyno.fire('order_shipped', email, { maxRetries: 2 }));
      expect(err).toBeInstanceOf(FynoServerError);
      expect(eventRequests()).toHaveLength(3);
      expect(err.idempotencyKey).toBe(eventRequests()[0]?.idempotency_key);
      expect(ctx.emu.messages()).toHaveLength(0);
    });

    it('honours Retry-After on 429', async () => {
      ctx = await setup(opts);
      ctx.emu.failNext(1, { status: 429, retryAfterS: 1 });
      const started = performance.now();
      await ctx.fyno.fire('order_shipped', email);
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
      expect(eventRequests().map((r) => r.status)).toEqual([429, 202]);
    });

    it('does not wait for a Retry-After over maxRetryAfterMs: fails with retryAfterMs', async () => {
      ctx = await setup({ ...opts, maxRetryAfterMs: 500 });
      ctx.emu.failNext(1, { status: 429, retryAfterS: 30 });
      const started = performance.now();
      const err = await caught(() => ctx!.fyno.fire('order_shipped', email));
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(err).toBeInstanceOf(FynoRateLimitError);
      expect(err.retryAfterMs).toBe(30_000);
    });

    it('surfaces a stall as FynoTimeoutError, and retries it with the same key', async () => {
      ctx = await setup({ ...opts, timeoutMs: 200 });
      ctx.emu.failNext(1, { stallMs: 2_000 });
      await ctx.fyno.fire('order_shipped', email);
      const reqs = eventRequests();
      expect(reqs.length).toBe(2);
      expect(new Set(reqs.map((r) => r.idempotency_key)).size).toBe(1);
      ctx.emu.failNext(1, { stallMs: 2_000 });
      const started = performance.now();
      const err = await caught(() => ctx!.fyno.fire('order_shipped', email, { maxRetries: 0 }));
      // Precise: not rounded up to undici's 1 s timer resolution.
      expect(performance.now() - started).toBeLessThan(700);
      expect(err).toBeInstanceOf(FynoTimeoutError);
      expect(err.code).toBe('timeout');
    });

    it('surfaces an abort as FynoAbortError and does not retry it', async () => {
      ctx = await setup(opts);
      ctx.emu.failNext(1, { stallMs: 2_000 });
      const controller = new AbortController();
      // Abort once the request is stalled at the emulator (a fixed delay raced a loaded machine).
      const stalled = setInterval(() => eventRequests().length === 1 && controller.abort(), 10);
      const err = await caught(() => ctx!.fyno.fire('order_shipped', email, { signal: controller.signal }));
      clearInterval(stalled);
      expect(err).toBeInstanceOf(FynoAbortError);
      expect(eventRequests()).toHaveLength(1);
      const already = AbortSignal.abort();
      await expect(ctx.fyno.fire('order_shipped', email, { signal: already })).rejects.toBeInstanceOf(FynoAbortError);
    });

    it('an abort during the backoff wait ends the call at once', async () => {
      ctx = await setup({ ...opts, initialRetryDelayMs: 5_000, maxRetryDelayMs: 5_000 });
      ctx.emu.failNext(1, { status: 503 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = performance.now();
      await expect(ctx.fyno.fire('order_shipped', email, { signal: controller.signal })).rejects.toBeInstanceOf(FynoAbortError);
      expect(performance.now() - started).toBeLessThan(2_000);
    });
  });

  it(`maps a refused connection to FynoConnectionError over ${transport}`, async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const Client = transport === 'fetch' ? WebFyno : Fyno;
    const fyno = new Client({
      workspaceId: 'FY1',
      apiKey: 'secret_key_must_not_show',
      baseUrl: `http://user:pass@127.0.0.1:${port}/v1`,
      maxRetries: 1,
      initialRetryDelayMs: 1,
    });
    const err = await caught(() => fyno.fire('order_shipped', email));
    // Each build has its own classes (the browser-safe one is built apart, to stay small).
    expect(err).toBeInstanceOf(transport === 'fetch' ? WebFynoConnectionError : FynoConnectionError);
    expect(err.code).toBe('connection_error');
    // The URL tried, origin and path, so a wrong port or host is plain; never the key nor userinfo.
    expect(err.message).toContain(`Could not reach Fyno at http://127.0.0.1:${port}/v1/FY1/live/event`);
    if (transport === 'undici') expect(err.message).toMatch(/\(ECONNREFUSED\)$/);
    expect(err.message).not.toMatch(/secret_key_must_not_show|user|pass/);
    // A profile call names the path without the user's id.
    const profileErr = await caught(() => fyno.profiles.get('u_private_id'));
    expect(profileErr.message).toContain(`http://127.0.0.1:${port}/v1/FY1/live/profiles/…`);
    expect(profileErr.message).not.toContain('u_private_id');
    await fyno.close();
  });

  it(`hints at the base URL when it lacks /v1 (a 404 from the API root) over ${transport}`, async () => {
    ctx = await setup();
    const Client = transport === 'fetch' ? WebFyno : Fyno;
    const withoutV1 = ctx.emu.baseUrl.replace(/\/v1$/, '');
    const fyno = new Client({ workspaceId: ctx.emu.workspaceId, apiKey: ctx.emu.apiKey, baseUrl: withoutV1, maxRetries: 0 });
    const err = await caught(() => fyno.fire('order_shipped', email));
    expect(err.code).toBe('not_found');
    expect(err.status).toBe(404);
    expect(err.message).toContain(`HTTP 404 from ${withoutV1}/${ctx.emu.workspaceId}/live/event`);
    expect(err.message).toContain(`the base URL (${withoutV1}) should end in /v1`);
    expect(err.message).toContain('FYNO_BASE_URL');
    expect(err.message).not.toContain(ctx.emu.apiKey);
    await fyno.close();
  });
}

describe('non-idempotent profile calls', () => {
  it('are not retried on 503 (a repeat could act twice) but are on 429', async () => {
    ctx = await setup();
    ctx.emu.failNext(1, { status: 503 });
    await expect(ctx.fyno.profiles.addChannel('x', { push: [{ token: 't' }] })).rejects.toBeInstanceOf(FynoServerError);
    ctx.emu.failNext(1, { status: 429, retryAfterS: 0 });
    await ctx.fyno.profiles.create({ distinct_id: 'x' });
    const creates = ctx.emu.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/profiles'));
    expect(creates.map((r) => r.status)).toEqual([429, 201]);
  });
});

describe('a closed client', () => {
  it('refuses new calls instead of opening a pool nobody closes', async () => {
    ctx = await setup();
    await ctx.fyno.fire('order_shipped', email);
    await ctx.fyno.close();
    const err = await caught(() => ctx!.fyno.fire('order_shipped', email));
    expect(err).toBeInstanceOf(FynoConnectionError);
    expect(err.message).toMatch(/closed/);
    expect(eventRequests()).toHaveLength(1);
  });
});
