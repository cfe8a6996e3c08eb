/**
 * The emulator refuses what Fyno's profile channel schema refuses (CONTRACT.md §4) on create,
 * update and addChannel, and says on stderr when an accepted event reaches nobody (CONTRACT.md §3.1).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { call, E, start } from './helpers.js';

const CHANNELS = 'sms, whatsapp, voice, email, slack, discord, teams, push, inapp, webpush';

describe("malformed channel values are a 400 in Fyno's envelope", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start();
  });
  afterAll(() => emu.stop());
  beforeEach(() => {
    emu.addProfile('live', 'has', { name: 'Keep', channel: { email: 'keep@x.io' } });
  });

  const bad: [string, unknown, string][] = [
    ['an email given as an array', { email: ['a@b.co'] }, "'channel.email' must be a string"],
    ['a phone number given as a number', { sms: 919800000001 }, "'channel.sms' must be a string"],
    ['a whatsapp number given as a number', { whatsapp: 15550001111 }, "'channel.whatsapp' must be a string"],
    ['a voice number given as null', { voice: null }, "'channel.voice' must be a string"],
    ['a slack id given as an object', { slack: { id: 'C1' } }, "'channel.slack' must be a string"],
    ['an unknown channel key', { fax: '+15550001111' }, `'channel.fax' is not a channel; the channels are ${CHANNELS}`],
    ['a misspelt channel key', { emails: 'a@b.co' }, `'channel.emails' is not a channel; the channels are ${CHANNELS}`],
    ['push given as a string', { push: 'tok' }, "'channel.push' must be an array of {token} objects"],
    ['a push token without token', { push: [{ integration_id: 'fcm' }] }, "'channel.push' must be an array of {token} objects"],
    ['an inapp token with a numeric integration_id', { inapp: [{ token: 'u1', integration_id: 7 }] }, "'channel.inapp[0].integration_id' must be a string"],
    ['a push token with status 2', { push: [{ token: 't' }, { token: 't2', status: 2 }] }, "'channel.push[1].status' must be 0 or 1"],
  ];

  describe.each(bad)('%s', (_what, channel, message) => {
    it('P1 create refuses it and creates nothing', async () => {
      const r = await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'bad1', channel } });
      expect({ status: r.status, json: r.json }).toEqual({ status: 400, json: E(message) });
      expect((await call(emu, 'GET', '/live/profiles/bad1')).status).toBe(400);
    });

    it('P3 update refuses it and changes nothing', async () => {
      const r = await call(emu, 'PUT', '/live/profiles/has', { body: { name: 'Changed', channel } });
      expect({ status: r.status, json: r.json }).toEqual({ status: 400, json: E(message) });
      const p = (await call(emu, 'GET', '/live/profiles/has')).json;
      expect({ name: p.name, channel: p.channel }).toEqual({ name: 'Keep', channel: { email: 'keep@x.io' } });
    });

    it('P6 addChannel refuses it and changes nothing', async () => {
      const r = await call(emu, 'PATCH', '/live/profiles/has/channel', { body: { channel } });
      expect({ status: r.status, json: r.json }).toEqual({ status: 400, json: E(message) });
      expect((await call(emu, 'GET', '/live/profiles/has')).json.channel).toEqual({ email: 'keep@x.io' });
    });
  });

  it('every channel of the schema, well formed, is accepted and stored', async () => {
    const channel = {
      sms: '+919800000001',
      whatsapp: '+919800000001',
      voice: '+919800000001',
      email: 'a@b.co',
      slack: 'C0123',
      discord: '1010101',
      teams: 'General',
      push: [{ token: 'fcm_token:t1', integration_id: 'fcm', status: 1 }, 'expo_token:t2'],
      inapp: [{ token: 'u1', integration_id: null, status: null }],
      webpush: [{ token: 'wp1', status: 0 }],
    };
    const created = await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'all', channel } });
    expect(created.status).toBe(201);
    const stored = (await call(emu, 'GET', '/live/profiles/all')).json.channel;
    expect(stored).toMatchObject({ sms: '+919800000001', teams: 'General' });
    expect(stored.push).toEqual([
      { token: 'fcm_token:t1', integration_id: 'fcm', status: 1 },
      { token: 'expo_token:t2', integration_id: null, status: 1 },
    ]);
    expect((await call(emu, 'PUT', '/live/profiles/all', { body: { channel: { email: 'b@c.io' } } })).status).toBe(200);
    expect((await call(emu, 'PATCH', '/live/profiles/all/channel', { body: { channel: { inapp: [{ token: 'u2' }] } } })).status).toBe(200);
  });
});

describe('an accepted event that reaches nobody is logged once', () => {
  let emu: RunningEmulator;
  let lines: string[];
  beforeAll(async () => {
    emu = await start({
      quiet: false,
      events: { known: {}, otp: { channels: ['sms'] } },
      profiles: { empty: {}, mailer: { channel: { email: 'm@x.io' } } },
    });
  });
  afterAll(() => emu.stop());
  beforeEach(() => {
    lines = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter((l) => l !== ''),
      );
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const noChannelLines = (): string[] => lines.filter((l) => l.includes('no channels'));

  it('a distinct_id with no profile and no to: 202 with no channels, and one line saying why', async () => {
    const r = await call(emu, 'POST', '/live/event', { body: { event: 'known', distinct_id: 'ghost' } });
    expect(r.status).toBe(202);
    expect(r.json.response).toEqual({});
    expect(noChannelLines()).toEqual([
      '202 with no channels: event "known" (live) reached nobody, nothing was sent: no profile "ghost" in live, and no \'to\'',
    ]);
  });

  it('a profile with no channel data', async () => {
    await call(emu, 'POST', '/live/event', { body: { event: 'known', distinct_id: 'empty' } });
    expect(noChannelLines()).toEqual([
      '202 with no channels: event "known" (live) reached nobody, nothing was sent: profile "empty" has no channel data, and no \'to\'',
    ]);
  });

  it('an event routed to channels the recipient has none of', async () => {
    const r = await call(emu, 'POST', '/live/event', { body: { event: 'otp', distinct_id: 'mailer' } });
    expect(r.json.response).toEqual({});
    expect(noChannelLines()).toEqual([
      '202 with no channels: event "otp" (live) reached nobody, nothing was sent: the event routes only to sms, and this recipient has no destination there',
    ]);
  });

  it('bulk: one line for the whole request, naming the items that reached nobody', async () => {
    const batch = [{ distinct_id: 'ghost' }, { to: { email: 'a@b.co' } }, { distinct_id: 'empty' }];
    const r = await call(emu, 'POST', '/live/event/bulk', { body: { event: 'known', batch } });
    expect(r.status).toBe(202);
    expect(noChannelLines()).toEqual([
      '202 with no channels for 2 of 3 batch items (seq 1, 3): event "known" (live), nothing was sent to them; seq 1: no profile "ghost" in live, and no \'to\'',
    ]);
  });

  it('an event that reaches someone, and an idempotent replay, log no such line', async () => {
    expect((await call(emu, 'POST', '/live/event', { body: { event: 'known', distinct_id: 'mailer' } })).status).toBe(202);
    const once = { body: { event: 'known', distinct_id: 'ghost' }, headers: { 'idempotency-key': 'k-nobody' } };
    await call(emu, 'POST', '/live/event', once);
    await call(emu, 'POST', '/live/event', once);
    expect(noChannelLines()).toHaveLength(1);
  });

  it('user-supplied names can not forge a log line', async () => {
    await call(emu, 'POST', '/live/event', { body: { event: 'known', distinct_id: 'x\nPOST /v1/forged -> 202' } });
    expect(noChannelLines()).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('POST /v1/forged'))).toBe(false);
  });

  it('quiet (the default) logs nothing', async () => {
    const quiet = await start();
    try {
      const r = await call(quiet, 'POST', '/live/event', { body: { event: 'known', distinct_id: 'ghost' } });
      expect(r.status).toBe(202);
      expect(lines).toEqual([]);
    } finally {
      await quiet.stop();
    }
  });
});
