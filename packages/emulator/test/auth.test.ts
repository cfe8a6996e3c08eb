/** Auth (CONTRACT.md §8 rows C1, C2, C14), key scopes and live/test separation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY, DEFAULT_WORKSPACE_ID, type RunningEmulator } from '../src/index.js';
import { call, E, start } from './helpers.js';

const body = { event: 'known', to: { email: 'a@b.co' } };
const INVALID = E('Invalid API details');

describe('defaults', () => {
  it('uses the fixed workspace id and non-secret key, or a random key on request', async () => {
    const a = await start();
    const b = await start({ randomKey: true });
    try {
      expect(a.workspaceId).toBe(DEFAULT_WORKSPACE_ID);
      expect(a.apiKey).toBe(DEFAULT_API_KEY);
      expect(b.apiKey).not.toBe(DEFAULT_API_KEY);
      expect(b.apiKey).toMatch(/^emu_[0-9a-f]{32}$/);
      expect((await call(b, 'POST', '/live/event', { body })).status).toBe(202);
      expect((await call(b, 'POST', '/live/event', { body, key: DEFAULT_API_KEY })).status).toBe(401);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

describe('auth', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start({
      workspaceId: 'FYAUTH0001',
      apiKey: 'both-key',
      keys: [
        { key: 'live-key', scope: 'live' },
        { key: 'test-key', scope: 'test' },
      ],
    });
  });
  afterAll(() => emu.stop());

  it('C1: a wrong key is 401 Invalid API details', async () => {
    const r = await call(emu, 'POST', '/live/event', { body, key: 'wrong' });
    expect(r.status).toBe(401);
    expect(r.json).toEqual(INVALID);
  });

  it('C2: an unknown workspace id is 401 Invalid API details', async () => {
    const r = await call(emu, 'POST', '/live/event', { body, wsid: 'FYOTHER999' });
    expect(r.status).toBe(401);
    expect(r.json).toEqual(INVALID);
  });

  it('a missing header or a non-Bearer scheme is 401 with the same body', async () => {
    const none = await call(emu, 'POST', '/live/event', { body, key: null });
    const basic = await call(emu, 'POST', '/live/event', { body, key: null, headers: { authorization: 'Basic both-key' } });
    for (const r of [none, basic]) {
      expect(r.status).toBe(401);
      expect(r.json).toEqual(INVALID);
    }
  });

  it('C14: a live-only key on /test/ is 401; a test-only key on /live/ is 401', async () => {
    expect((await call(emu, 'POST', '/live/event', { body, key: 'live-key' })).status).toBe(202);
    const r = await call(emu, 'POST', '/test/event', { body, key: 'live-key' });
    expect(r.status).toBe(401);
    expect(r.json).toEqual(INVALID);
    expect((await call(emu, 'POST', '/test/event', { body, key: 'test-key' })).status).toBe(202);
    expect((await call(emu, 'POST', '/live/event', { body, key: 'test-key' })).status).toBe(401);
    // Legacy unversioned path is live for scope purposes too.
    expect((await call(emu, 'POST', '/event', { body, key: 'test-key' })).status).toBe(401);
  });

  it('a both key works on both versions, and profiles routes are guarded too', async () => {
    expect((await call(emu, 'POST', '/live/event', { body })).status).toBe(202);
    expect((await call(emu, 'POST', '/test/event', { body })).status).toBe(202);
    const p = await call(emu, 'GET', '/live/profiles/u1', { key: 'wrong' });
    expect(p.status).toBe(401);
    expect(p.json).toEqual(INVALID);
  });

  it('nothing is recorded for a 401 and no key appears in logs or messages', async () => {
    emu.clear();
    await call(emu, 'POST', '/live/event', { body, key: 'wrong' });
    expect(emu.messages()).toHaveLength(0);
    await call(emu, 'POST', '/live/event', { body });
    const dump =
      JSON.stringify(emu.requests()) +
      (await (await fetch(`${emu.url}/_emulator/requests`)).text()) +
      (await (await fetch(`${emu.url}/_emulator/messages`)).text()) +
      (await (await fetch(`${emu.url}/`)).text());
    expect(dump).not.toContain('both-key');
    expect(dump).not.toContain('wrong');
    expect(dump.toLowerCase()).not.toContain('authorization');
  });
});

describe('live / test separation', () => {
  it('keeps profiles, messages and idempotency keys apart', async () => {
    const emu = await start();
    try {
      const created = await call(emu, 'POST', '/test/profiles', { body: { distinct_id: 'sep', channel: { email: 't@x.io' } } });
      expect(created.status).toBe(201);
      expect((await call(emu, 'GET', '/live/profiles/sep')).status).toBe(400);
      expect((await call(emu, 'GET', '/test/profiles/sep')).json.version).toBe('test');
      // The same id can exist in live too.
      expect((await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'sep', channel: { email: 'l@x.io' } } })).status).toBe(201);
      const t = await call(emu, 'POST', '/test/event', { body: { event: 'known', distinct_id: 'sep' } });
      const l = await call(emu, 'POST', '/live/event', { body: { event: 'known', distinct_id: 'sep' } });
      expect(t.json.response.email.destination).toBe('t@x.io');
      expect(l.json.response.email.destination).toBe('l@x.io');
      expect(emu.messages({ version: 'test' }).map((m) => m.channels.email)).toEqual(['t@x.io']);
      expect(emu.messages({ version: 'live' }).map((m) => m.channels.email)).toEqual(['l@x.io']);
    } finally {
      await emu.stop();
    }
  });
});
