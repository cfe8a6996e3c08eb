/** Idempotency-Key on E1 / E2 (CONTRACT.md §1.4, rows C12, C13): same key → same bytes and one message. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { call, start } from './helpers.js';

let emu: RunningEmulator;
const event = (email: string) => ({ event: 'known', to: { email } });

beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.stop());
beforeEach(() => emu.clear());

describe('Idempotency-Key', () => {
  it('C12: a repeat returns the identical status and bytes and records one message', async () => {
    const headers = { 'idempotency-key': 'key-c12' };
    const first = await call(emu, 'POST', '/live/event', { body: event('a@b.co'), headers });
    await new Promise((r) => setTimeout(r, 5));
    const second = await call(emu, 'POST', '/live/event', { body: event('a@b.co'), headers });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.text).toBe(first.text);
    expect(emu.messages()).toHaveLength(1);
    const log = emu.requests();
    expect(log.map((e) => e.idempotency_key)).toEqual(['key-c12', 'key-c12']);
    expect(log[1]?.idempotent_replay).toBe(true);
  });

  it('C13: same key with a different body returns the first response, no error', async () => {
    const headers = { 'idempotency-key': 'key-c13' };
    const first = await call(emu, 'POST', '/live/event', { body: event('first@b.co'), headers });
    const second = await call(emu, 'POST', '/live/event', { body: { event: 'nope', to: 'garbage' }, headers });
    const third = await call(emu, 'POST', '/live/event', { body: 'not json', headers });
    expect(second.status).toBe(202);
    expect(second.text).toBe(first.text);
    expect(third.text).toBe(first.text);
    expect(emu.messages()).toHaveLength(1);
    expect(emu.messages()[0]?.channels.email).toBe('first@b.co');
  });

  it('different keys record two messages', async () => {
    const a = await call(emu, 'POST', '/live/event', { body: event('a@b.co'), headers: { 'idempotency-key': 'k1' } });
    const b = await call(emu, 'POST', '/live/event', { body: event('a@b.co'), headers: { 'idempotency-key': 'k2' } });
    expect(a.json.request_id).not.toBe(b.json.request_id);
    expect(emu.messages()).toHaveLength(2);
  });

  it('no key means every call is a new message', async () => {
    await call(emu, 'POST', '/live/event', { body: event('a@b.co') });
    await call(emu, 'POST', '/live/event', { body: event('a@b.co') });
    expect(emu.messages()).toHaveLength(2);
  });

  it('works on bulk, byte for byte', async () => {
    const headers = { 'idempotency-key': 'bulk-1' };
    const body = { event: 'known', batch: [{ to: { email: 'a@b.co' } }, { to: { sms: '+1' } }] };
    const first = await call(emu, 'POST', '/live/event/bulk', { body, headers });
    const second = await call(emu, 'POST', '/live/event/bulk', { body, headers });
    expect(first.status).toBe(202);
    expect(second.text).toBe(first.text);
    expect(emu.messages()).toHaveLength(2);
  });

  it('is scoped per version and per endpoint', async () => {
    const headers = { 'idempotency-key': 'shared' };
    const live = await call(emu, 'POST', '/live/event', { body: event('a@b.co'), headers });
    const test = await call(emu, 'POST', '/test/event', { body: event('a@b.co'), headers });
    const bulk = await call(emu, 'POST', '/live/event/bulk', { body: { event: 'known', batch: [{ to: { email: 'a@b.co' } }] }, headers });
    expect(test.json.request_id).not.toBe(live.json.request_id);
    expect(bulk.json.request_id).not.toBe(live.json.request_id);
    expect(emu.messages()).toHaveLength(3);
    // The legacy path is live, so it shares the live scope.
    const legacy = await call(emu, 'POST', '/event', { body: event('a@b.co'), headers });
    expect(legacy.text).toBe(live.text);
    expect(emu.messages()).toHaveLength(3);
  });

  it('a rejected call is not remembered, so a corrected retry goes through', async () => {
    const headers = { 'idempotency-key': 'fix-me' };
    const bad = await call(emu, 'POST', '/live/event', { body: { event: 'known' }, headers });
    expect(bad.status).toBe(400);
    const good = await call(emu, 'POST', '/live/event', { body: event('a@b.co'), headers });
    expect(good.status).toBe(202);
    expect(emu.messages()).toHaveLength(1);
  });

  it('concurrent repeats with one key record one message and get one body', async () => {
    const headers = { 'idempotency-key': 'race' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => call(emu, 'POST', '/live/event', { body: event('a@b.co'), headers })));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(emu.messages()).toHaveLength(1);
  });

  it('keys expire after idempotencyTtlMs', async () => {
    // Long enough that a loaded machine still replays the second call; the test waits it out.
    const short = await start({ idempotencyTtlMs: 1_000 });
    try {
      const headers = { 'idempotency-key': 'ttl' };
      const first = await call(short, 'POST', '/live/event', { body: event('a@b.co'), headers });
      const again = await call(short, 'POST', '/live/event', { body: event('a@b.co'), headers });
      expect(again.text).toBe(first.text);
      await new Promise((r) => setTimeout(r, 1_100));
      const later = await call(short, 'POST', '/live/event', { body: event('a@b.co'), headers });
      expect(later.json.request_id).not.toBe(first.json.request_id);
      expect(short.messages()).toHaveLength(2);
    } finally {
      await short.stop();
    }
  });
});
