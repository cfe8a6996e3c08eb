/** E1 / E2 against rows C3–C10 and C15 of the contract (CONTRACT.md §8), plus validation 400s. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { call, E, MSG_ID, start, UUID } from './helpers.js';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await start({
    profiles: {
      u1: { name: 'User One', channel: { email: 'u1@example.com', sms: '+919800000001' } },
      pushy: {
        channel: {
          push: [
            { token: 'dead', status: 0 },
            { token: 'fcm_token:abc', integration_id: 'i1' },
          ],
          inapp: [{ token: 'inapp-u' }],
        },
      },
    },
  });
});
afterAll(() => emu.stop());
beforeEach(() => emu.clear());

describe('E1 single event', () => {
  it('C3: unknown event on live is 400 with the "prod" wording', async () => {
    const r = await call(emu, 'POST', '/live/event', { body: { event: 'nope', to: { email: 'a@b.co' } } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E("The notification event name 'nope' is invalid or does not exists on prod"));
    expect(emu.messages()).toHaveLength(0);
  });

  it('C3 on test says "test"', async () => {
    const r = await call(emu, 'POST', '/test/event', { body: { event: 'nope', to: { email: 'a@b.co' } } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E("The notification event name 'nope' is invalid or does not exists on test"));
  });

  it('C4: to with email + slack gives 202 with exactly those channels', async () => {
    const before = Date.now();
    const r = await call(emu, 'POST', '/live/event', {
      body: { event: 'known', to: { email: 'a@b.co', slack: 'a@b.co' } },
    });
    expect(r.status).toBe(202);
    expect(r.json.event).toBe('known');
    expect(r.json.request_id).toMatch(UUID);
    expect(typeof r.json.received_time).toBe('string');
    expect(new Date(r.json.received_time).toISOString()).toBe(r.json.received_time);
    expect(Date.parse(r.json.received_time)).toBeGreaterThanOrEqual(before - 5);
    expect(Object.keys(r.json.response).sort()).toEqual(['email', 'slack']);
    for (const ch of ['email', 'slack']) {
      expect(r.json.response[ch]).toEqual({ destination: 'a@b.co', status: 'ok', msg_id: expect.stringMatching(MSG_ID) });
    }
    expect(r.json.response.email.msg_id).not.toBe(r.json.response.slack.msg_id);
    expect(Object.keys(r.json).sort()).toEqual(['event', 'received_time', 'request_id', 'response']);

    const [m, ...rest] = emu.messages();
    expect(rest).toHaveLength(0);
    expect(m).toMatchObject({
      event: 'known',
      version: 'live',
      request_id: r.json.request_id,
      channels: { email: 'a@b.co', slack: 'a@b.co' },
      to: { email: 'a@b.co', slack: 'a@b.co' },
      msg_id: { email: r.json.response.email.msg_id, slack: r.json.response.slack.msg_id },
      received_at: r.json.received_time,
      bulk: false,
    });
    expect(m?.distinct_id).toBeUndefined();
  });

  it('C5: neither to nor distinct_id is 400', async () => {
    const r = await call(emu, 'POST', '/live/event', { body: { event: 'known', data: {} } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E("Either 'to' or 'distinct_id' is required"));
  });

  it('C6: missing or empty event is 400', async () => {
    for (const body of [{ to: { email: 'a@b.co' } }, { event: '', to: { email: 'a@b.co' } }, { event: 5, to: {} }]) {
      const r = await call(emu, 'POST', '/live/event', { body });
      expect(r.status).toBe(400);
      expect(r.json).toEqual(E("'event' is required and must be a non-empty string"));
    }
    expect(emu.messages()).toHaveLength(0);
  });

  it('C7: distinct_id only takes the profile channels', async () => {
    const r = await call(emu, 'POST', '/live/event', { body: { event: 'known', distinct_id: 'u1' } });
    expect(r.status).toBe(202);
    expect(Object.keys(r.json.response).sort()).toEqual(['email', 'sms']);
    expect(r.json.response.email.destination).toBe('u1@example.com');
    expect(r.json.response.sms.destination).toBe('+919800000001');
    expect(emu.messages({ distinct_id: 'u1' })[0]?.channels).toEqual({
      email: 'u1@example.com',
      sms: '+919800000001',
    });
  });

  it('C8: distinct_id + to merge, and to wins per channel', async () => {
    const r = await call(emu, 'POST', '/live/event', {
      body: { event: 'known', distinct_id: 'u1', to: { email: 'x@y.z', whatsapp: '+911' } },
    });
    expect(r.status).toBe(202);
    expect(r.json.response.email.destination).toBe('x@y.z');
    expect(r.json.response.sms.destination).toBe('+919800000001');
    expect(r.json.response.whatsapp.destination).toBe('+911');
    expect(Object.keys(r.json.response).sort()).toEqual(['email', 'sms', 'whatsapp']);
    const m = emu.messages()[0];
    expect(m?.distinct_id).toBe('u1');
    expect(m?.to).toEqual({ email: 'x@y.z', whatsapp: '+911' });
  });

  it('profile push / inapp arrays resolve to the first active token', async () => {
    const r = await call(emu, 'POST', '/live/event', { body: { event: 'known', distinct_id: 'pushy' } });
    expect(r.status).toBe(202);
    expect(r.json.response.push.destination).toBe('fcm_token:abc');
    expect(r.json.response.inapp.destination).toBe('inapp-u');
  });

  it('profiles are per version: u1 exists only in live', async () => {
    const r = await call(emu, 'POST', '/test/event', { body: { event: 'known', distinct_id: 'u1' } });
    expect(r.status).toBe(202);
    expect(r.json.response).toEqual({});
    expect(emu.messages()[0]).toMatchObject({ version: 'test', distinct_id: 'u1', channels: {} });
  });

  it('unknown to keys (webpush) are accepted and echoed', async () => {
    const r = await call(emu, 'POST', '/live/event', { body: { event: 'known', to: { webpush: 'wp-1' } } });
    expect(r.status).toBe(202);
    expect(r.json.response.webpush).toEqual({ destination: 'wp-1', status: 'ok', msg_id: expect.stringMatching(MSG_ID) });
  });

  it('keeps data, callback and the idempotency key on the record', async () => {
    const body = { event: 'known', to: { email: 'a@b.co' }, data: { order: { id: 'A1' } }, callback: { custom_id: 'c-1' } };
    const r = await call(emu, 'POST', '/live/event', { body, headers: { 'idempotency-key': 'k-data' } });
    expect(r.status).toBe(202);
    expect(emu.messages()[0]).toMatchObject({
      data: { order: { id: 'A1' } },
      callback: { custom_id: 'c-1' },
      idempotency_key: 'k-data',
    });
  });

  it.each([
    ['not JSON', '{"event":', 'Request body is not valid JSON'],
    ['empty', '', 'Request body must be a JSON object'],
    ['an array', '[1]', 'Request body must be a JSON object'],
    ['a non-string to value', { event: 'known', to: { email: ['a@b.co'] } }, "'to.email' must be a non-empty string"],
    ['an empty to value', { event: 'known', to: { sms: '' } }, "'to.sms' must be a non-empty string"],
    ['to not an object', { event: 'known', to: 'a@b.co' }, "'to' must be an object of channel: destination strings"],
    ['a numeric distinct_id', { event: 'known', distinct_id: 7 }, "'distinct_id' must be a non-empty string"],
    ['data not an object', { event: 'known', to: { email: 'a@b.co' }, data: 'x' }, "'data' must be an object"],
  ])('400 when the body is %s', async (_name, body, message) => {
    const r = await call(emu, 'POST', '/live/event', { body });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E(message));
    expect(emu.messages()).toHaveLength(0);
  });

  it('C15: legacy /v1/{WSID}/event is treated as live', async () => {
    const r = await call(emu, 'POST', '/event', { body: { event: 'known', distinct_id: 'u1' } });
    expect(r.status).toBe(202);
    expect(r.json.response.email.destination).toBe('u1@example.com');
    expect(emu.messages()[0]?.version).toBe('live');
    const bad = await call(emu, 'POST', '/event', { body: { event: 'nope', to: { email: 'a@b.co' } } });
    expect(bad.json).toEqual(E("The notification event name 'nope' is invalid or does not exists on prod"));
  });

  it("events: '*' accepts any event name", async () => {
    const open = await start({ events: '*' });
    try {
      const r = await call(open, 'POST', '/live/event', { body: { event: 'anything', to: { email: 'a@b.co' } } });
      expect(r.status).toBe(202);
    } finally {
      await open.stop();
    }
  });
});

describe('E2 bulk', () => {
  it('C9: one item gives number received_time, seq 1, per-item request_id', async () => {
    const r = await call(emu, 'POST', '/live/event/bulk', { body: { event: 'known', batch: [{ to: { email: 'a@b.co' } }] } });
    expect(r.status).toBe(202);
    expect(r.json.event).toBe('known');
    expect(typeof r.json.received_time).toBe('number');
    expect(Math.abs(r.json.received_time - Date.now())).toBeLessThan(5_000);
    expect(r.json.request_id).toMatch(UUID);
    expect(r.json.response).toHaveLength(1);
    expect(r.json.response[0]).toEqual({
      seq: 1,
      request_id: expect.stringMatching(UUID),
      email: { destination: 'a@b.co', status: 'ok', msg_id: expect.stringMatching(MSG_ID) },
    });
    const [m] = emu.messages();
    expect(m).toMatchObject({ bulk: true, seq: 1, request_id: r.json.response[0].request_id, batch_request_id: r.json.request_id });
  });

  it('C10: three items keep input order with seq 1, 2, 3', async () => {
    const batch = [{ to: { email: 'one@x.io' } }, { distinct_id: 'u1' }, { distinct_id: 'u1', to: { sms: '+1555' }, data: { n: 3 } }];
    const r = await call(emu, 'POST', '/live/event/bulk', { body: { event: 'known', batch } });
    expect(r.status).toBe(202);
    expect(r.json.response.map((x: { seq: number }) => x.seq)).toEqual([1, 2, 3]);
    expect(r.json.response[0].email.destination).toBe('one@x.io');
    expect(r.json.response[1].email.destination).toBe('u1@example.com');
    expect(r.json.response[2].sms.destination).toBe('+1555');
    expect(new Set(r.json.response.map((x: { request_id: string }) => x.request_id)).size).toBe(3);
    expect(emu.messages().map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(emu.messages()[2]?.data).toEqual({ n: 3 });
  });

  it('legacy /v1/{WSID}/event/bulk is live', async () => {
    const r = await call(emu, 'POST', '/event/bulk', { body: { event: 'known', batch: [{ to: { email: 'a@b.co' } }] } });
    expect(r.status).toBe(202);
    expect(emu.messages()[0]?.version).toBe('live');
  });

  it('unknown event is the documented 400', async () => {
    const r = await call(emu, 'POST', '/live/event/bulk', { body: { event: 'nope', batch: [{ to: { email: 'a@b.co' } }] } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E("The notification event name 'nope' is invalid or does not exists on prod"));
  });

  it.each([
    ['batch missing', { event: 'known' }, "'batch' is required and must be an array"],
    ['batch not an array', { event: 'known', batch: { to: {} } }, "'batch' is required and must be an array"],
    ['batch empty', { event: 'known', batch: [] }, "'batch' must contain at least one item"],
    [
      'an item without recipients',
      { event: 'known', batch: [{ to: { email: 'a@b.co' } }, { data: {} }] },
      "batch[1]: Either 'to' or 'distinct_id' is required",
    ],
    ['an item that is not an object', { event: 'known', batch: [{ to: { email: 'a@b.co' } }, 'x'] }, 'batch[1]: item must be a JSON object'],
    ['an item with a non-string to', { event: 'known', batch: [{ to: { email: 1 } }] }, "batch[0]: 'to.email' must be a non-empty string"],
  ])('400 when %s, and nothing is recorded', async (_name, body, message) => {
    const r = await call(emu, 'POST', '/live/event/bulk', { body });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E(message));
    expect(emu.messages()).toHaveLength(0);
  });
});

describe('event routing (event channels ∩ destinations)', () => {
  it('sends an event only on the channels it is configured with, in single and bulk calls', async () => {
    const routed = await start({ quiet: true, events: { otp: { channels: ['sms'] }, known: {} } });
    try {
      routed.addProfile('live', 'r1', { channel: { email: 'r1@x.io', sms: '+15550001111', whatsapp: '+15550001111' } });
      const one = await call(routed, 'POST', '/live/event', { body: { event: 'otp', distinct_id: 'r1', to: { email: 'other@x.io' } } });
      expect(one.status).toBe(202);
      expect(Object.keys(one.json.response)).toEqual(['sms']);
      const all = await call(routed, 'POST', '/live/event', { body: { event: 'known', distinct_id: 'r1' } });
      expect(Object.keys(all.json.response).sort()).toEqual(['email', 'sms', 'whatsapp']);
      const bulk = await call(routed, 'POST', '/live/event/bulk', { body: { event: 'otp', batch: [{ to: { email: 'a@b.co', sms: '+1555' } }] } });
      expect(Object.keys(bulk.json.response[0]).filter((k) => k !== 'seq' && k !== 'request_id')).toEqual(['sms']);
      const unknown = await call(routed, 'POST', '/live/event', { body: { event: 'nope', to: { sms: '+1555' } } });
      expect(unknown.status).toBe(400);
      expect(routed.messages({ event: 'otp' }).map((m) => Object.keys(m.channels))).toEqual([['sms'], ['sms']]);
    } finally {
      await routed.stop();
    }
  });
});
