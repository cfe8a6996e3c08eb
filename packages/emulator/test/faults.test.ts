/** Fault injection: failNext (status, reset, stall), the 'after' phase, seeded rates. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { call, E, start } from './helpers.js';

const body = { event: 'known', to: { email: 'a@b.co' } };
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.setFaults(null);
  emu.clear();
});

describe('failNext', () => {
  it('the next 2 requests get 503, then normal service resumes; nothing is recorded', async () => {
    emu.failNext(2, { status: 503 });
    const a = await call(emu, 'POST', '/live/event', { body });
    const b = await call(emu, 'POST', '/live/event', { body });
    const c = await call(emu, 'POST', '/live/event', { body });
    expect([a.status, b.status, c.status]).toEqual([503, 503, 202]);
    expect(a.json).toEqual(E('Service Unavailable'));
    expect(emu.messages()).toHaveLength(1);
    expect(emu.requests().map((e) => e.fault)).toEqual(['status', 'status', undefined]);
  });

  it('a status fault can carry Retry-After and a custom body', async () => {
    emu.failNext(1, { status: 429, retryAfterS: 2, body: { _message: 'slow down', status: 'error' } });
    const r = await call(emu, 'POST', '/live/event', { body });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('2');
    expect(r.json).toEqual(E('slow down'));
  });

  it("'reset' destroys the socket: fetch fails and nothing is recorded", async () => {
    emu.failNext(1, 'reset');
    await expect(call(emu, 'POST', '/live/event', { body })).rejects.toThrow();
    expect(emu.messages()).toHaveLength(0);
    expect(emu.requests()[0]).toMatchObject({ status: null, fault: 'reset' });
    expect((await call(emu, 'POST', '/live/event', { body })).status).toBe(202);
  });

  it('a stall holds the response, then answers normally', async () => {
    emu.failNext(1, { stallMs: 300 });
    const t0 = Date.now();
    const r = await call(emu, 'POST', '/live/event', { body });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(r.status).toBe(202);
    expect(emu.requests()[0]).toMatchObject({ status: 202, fault: 'stall' });
  });

  it('a client that times out during a before-stall leaves nothing recorded', async () => {
    emu.failNext(1, { stallMs: 400 });
    await expect(call(emu, 'POST', '/live/event', { body, signal: AbortSignal.timeout(100) })).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 500));
    expect(emu.messages()).toHaveLength(0);
  });

  it('does not apply to /_emulator routes', async () => {
    emu.failNext(1, { status: 500 });
    expect((await fetch(`${emu.url}/_emulator/messages`)).status).toBe(200);
    expect((await call(emu, 'POST', '/live/event', { body })).status).toBe(500);
  });
});

describe("'after' phase", () => {
  it('503 after processing: recorded, and the retry with the same key is replayed, not re-sent', async () => {
    emu.failNext(1, { status: 503 }, 'after');
    const headers = { 'idempotency-key': 'after-503' };
    const first = await call(emu, 'POST', '/live/event', { body, headers });
    expect(first.status).toBe(503);
    expect(emu.messages()).toHaveLength(1);
    const retry = await call(emu, 'POST', '/live/event', { body, headers });
    expect(retry.status).toBe(202);
    expect(retry.json.request_id).toBe(emu.messages()[0]?.request_id);
    expect(emu.messages()).toHaveLength(1);
    expect(emu.requests().map((e) => e.idempotency_key)).toEqual(['after-503', 'after-503']);
  });

  it('reset after processing: the client errors but the message exists', async () => {
    emu.failNext(1, 'reset', 'after');
    await expect(call(emu, 'POST', '/live/event', { body, headers: { 'idempotency-key': 'after-reset' } })).rejects.toThrow();
    expect(emu.messages()).toHaveLength(1);
    const retry = await call(emu, 'POST', '/live/event', { body, headers: { 'idempotency-key': 'after-reset' } });
    expect(retry.status).toBe(202);
    expect(emu.messages()).toHaveLength(1);
  });

  it('a stall after processing: recorded at once, answered later', async () => {
    emu.failNext(1, { stallMs: 400 }, 'after');
    const pending = call(emu, 'POST', '/live/event', { body, signal: AbortSignal.timeout(150) });
    await expect(pending).rejects.toThrow();
    expect(emu.messages()).toHaveLength(1);
  });

  it('the faults option with phase after does the same at a rate of 1', async () => {
    emu.setFaults({ error5xxRate: 1, status5xx: 502, phase: 'after' });
    const r = await call(emu, 'POST', '/live/event', { body });
    expect(r.status).toBe(502);
    expect(emu.messages()).toHaveLength(1);
    emu.setFaults(null);
    expect((await call(emu, 'POST', '/live/event', { body })).status).toBe(202);
  });
});

describe('seeded rates', () => {
  const sequence = async (seed: number): Promise<string[]> => {
    const e = await start({ faults: { error5xxRate: 0.3, rate429: 0.2, seed } });
    try {
      const out: string[] = [];
      for (let i = 0; i < 40; i++) {
        const r = await call(e, 'POST', '/live/event', { body });
        out.push(`${r.status}${r.status === 429 ? `:${r.headers.get('retry-after')}` : ''}`);
      }
      expect(e.messages()).toHaveLength(out.filter((s) => s === '202').length);
      return out;
    } finally {
      await e.stop();
    }
  };

  it('the same seed gives the same fault sequence, with all kinds present', async () => {
    const a = await sequence(42);
    const b = await sequence(42);
    const c = await sequence(7);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(new Set(a)).toEqual(new Set(['202', '503', '429:1']));
  });

  it('faults can be set over HTTP too', async () => {
    const put = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate429: 1, retryAfterS: 3 }),
    });
    expect(put.status).toBe(204);
    const r = await call(emu, 'POST', '/live/event', { body });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('3');
    await fetch(`${emu.url}/_emulator/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: 'null' });
    const next = await fetch(`${emu.url}/_emulator/fail-next`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 1, fault: { status: 500 } }),
    });
    expect(next.status).toBe(204);
    expect((await call(emu, 'POST', '/live/event', { body })).status).toBe(500);
    expect((await call(emu, 'POST', '/live/event', { body })).status).toBe(202);
  });
});
