/**
 * Preferences applied at fire time (CONTRACT.md §4.3): the decision table row by row, then one real
 * fire through each row over a socket; S1–S3 semantics (§4 U10); the suppression list (X1–X3,
 * §4.4); Verify OTPs per fire (§4.5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, type DecisionInput, type SkipReason } from '../src/delivery-decision.js';
import type { RunningEmulator } from '../src/index.js';
import { call, start } from './helpers.js';

const E = (message: string) => ({ _message: message, status: 'error' });
const OK = (message: string) => ({ _message: message, status: 'ok' });

type Row = [state: DecisionInput['state'], choice: DecisionInput['choice'], globalOptOut: boolean, suppressed: boolean, expected: SkipReason | null];

/** Every combination: required / on / off (and no topic) × user choice × global opt-out × suppression. */
const TABLE: Row[] = [];
for (const state of ['required', 'on', 'off', 'none'] as const) {
  for (const choice of [undefined, 'opted-in', 'opted-out'] as const) {
    for (const globalOptOut of [false, true]) {
      for (const suppressed of [false, true]) {
        let expected: SkipReason | null;
        if (suppressed) expected = 'suppressed';
        else if (state === 'required' || state === 'none') expected = null;
        else if (globalOptOut) expected = 'global_opt_out';
        else if (choice === 'opted-out') expected = 'topic_opt_out';
        else if (choice === 'opted-in') expected = null;
        else expected = state === 'off' ? 'topic_off' : null;
        TABLE.push([state, choice, globalOptOut, suppressed, expected]);
      }
    }
  }
}

describe('the decision table', () => {
  it('has 48 rows, and the spec sentences hold', () => {
    expect(TABLE).toHaveLength(48);
    // A required channel always sends (unless the destination is suppressed).
    expect(TABLE.filter((r) => r[0] === 'required' && !r[3]).every((r) => r[4] === null)).toBe(true);
    // A topic's off channel sends only after an opt-in.
    expect(TABLE.filter((r) => r[0] === 'off' && r[4] === null).every((r) => r[1] === 'opted-in')).toBe(true);
  });

  it.each(TABLE)('state %s, choice %s, global opt-out %s, suppressed %s → %s', (state, choice, globalOptOut, suppressed, expected) => {
    expect(decide({ state, choice, globalOptOut, suppressed })).toBe(expected);
  });
});

let emu: RunningEmulator;
const CHANNEL_OF: Record<DecisionInput['state'], string> = { required: 'email', on: 'sms', off: 'push', none: 'email' };

beforeAll(async () => {
  emu = await start({
    events: ['topic_event', 'free_event', 'login_code', 'order_shipped', 'known'],
    verifyEvents: ['login_code'],
    subscriptions: {
      sections: {
        Tests: [{ subscription_id: 'STEST00001', name: 'Test topic', channel_config: { email: 'required', sms: 'on', push: 'off' }, events: ['topic_event'] }],
        Account: [{ subscription_id: 'SLOGIN0001', name: 'Sign-in', channel_config: { email: 'required', sms: 'on' }, events: ['login_code'] }],
      },
    },
  });
});
afterAll(() => emu.stop());

let userSeq = 0;
describe('one fire through each row', () => {
  it.each(TABLE)('state %s, choice %s, global opt-out %s, suppressed %s → %s', async (state, choice, globalOptOut, suppressed, expected) => {
    const id = `row${++userSeq}`;
    const channel = CHANNEL_OF[state];
    const destination = channel === 'email' ? `${id}@example.com` : channel === 'sms' ? `+1555000${String(1000 + userSeq)}` : `tok-${id}`;
    const profile = { distinct_id: id, channel: channel === 'push' ? { push: [{ token: destination }] } : { [channel]: destination } };
    expect((await call(emu, 'POST', '/live/profiles', { body: profile })).status).toBe(201);
    if (choice) {
      const r = await call(emu, 'POST', '/live/subscriptions/list/STEST00001/user', { body: { distinct_id: id, channel, status: choice } });
      expect(r.status).toBe(200);
    }
    if (globalOptOut) {
      const r = await call(emu, 'PUT', `/live/subscriptions/preference?distinct_id=${id}`, { body: { user_preference: { all: { [channel]: 'opted-out' } } } });
      expect(r.status).toBe(200);
    }
    if (suppressed) {
      const r = await call(emu, 'POST', '/suppressions', { body: { distinct_id: id, channel } });
      expect(r.json).toEqual(OK('User has been added to the suppression!'));
    }
    const fired = await call(emu, 'POST', '/live/event', { body: { event: state === 'none' ? 'free_event' : 'topic_event', distinct_id: id } });
    // The 202 keeps its documented shape: a skipped channel is simply absent from `response`.
    expect(fired.status).toBe(202);
    expect(Object.keys(fired.json).sort()).toEqual(['event', 'received_time', 'request_id', 'response']);
    const [message] = emu.messages({ request_id: fired.json.request_id });
    if (expected === null) {
      expect(fired.json.response[channel]).toMatchObject({ destination, status: 'ok' });
      expect(message!.skipped).toBeUndefined();
    } else {
      expect(fired.json.response[channel]).toBeUndefined();
      expect(message!.skipped?.[channel]).toMatchObject({ destination, reason: expected });
      expect(message!.skipped?.[channel]?.detail).toMatch(/\w/);
    }
  });
});

describe('S1–S3 on the topics', () => {
  it('S1 lists every topic in its section with defaults; event_list=true names the events', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 's1user' } });
    const plain = await call(emu, 'GET', '/live/subscriptions/preference?distinct_id=s1user');
    expect(plain.status).toBe(200);
    expect(plain.json).toEqual({
      meta: { all: { preference: {}, updated_at: {} } },
      result: {
        Tests: [
          {
            subscription_id: 'STEST00001',
            name: 'Test topic',
            description: '',
            channel_config: { email: 'required', sms: 'on', push: 'off' },
            preference: { email: 'required', sms: 'opted-in', push: 'opted-out' },
            is_global_opted_out: {},
            notification_events: [],
            updated_at: {},
          },
        ],
        Account: [expect.objectContaining({ subscription_id: 'SLOGIN0001' })],
      },
    });
    const listed = await call(emu, 'GET', '/live/subscriptions/preference?distinct_id=s1user&event_list=true');
    expect(listed.json.result.Tests[0].notification_events).toEqual([{ event_id: 'topic_event', event_name: 'topic_event' }]);
  });

  it('U10: S1, S2 and S3 for a distinct_id with no profile are 400, and nothing is stored', async () => {
    const msg = E('incorrect/non existing distinct_id provided');
    expect((await call(emu, 'GET', '/live/subscriptions/preference?distinct_id=ghost')).json).toEqual(msg);
    expect(
      (await call(emu, 'PUT', '/live/subscriptions/preference?distinct_id=ghost', { body: { user_preference: { all: { sms: 'opted-out' } } } })).json,
    ).toEqual(msg);
    expect(
      (await call(emu, 'POST', '/live/subscriptions/list/all/user', { body: { distinct_id: 'ghost', channel: 'sms', status: 'opted-out' } })).json,
    ).toEqual(msg);
    // A profile in the other version does not count: live and test are separate.
    await call(emu, 'POST', '/test/profiles', { body: { distinct_id: 'ghost' } });
    expect((await call(emu, 'GET', '/live/subscriptions/preference?distinct_id=ghost')).status).toBe(400);
    expect((await call(emu, 'GET', '/test/subscriptions/preference?distinct_id=ghost')).json.meta.all.preference).toEqual({});
  });

  it('U10: a change to a required channel is a 200 no-op that echoes required', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'req1', channel: { email: 'req1@example.com' } } });
    const r = await call(emu, 'POST', '/live/subscriptions/list/STEST00001/user', { body: { distinct_id: 'req1', channel: 'email', status: 'opted-out' } });
    expect(r.status).toBe(200);
    expect(r.json.STEST00001.email).toBe('required');
    const fired = await call(emu, 'POST', '/live/event', { body: { event: 'topic_event', distinct_id: 'req1' } });
    expect(fired.json.response.email).toMatchObject({ destination: 'req1@example.com' });
  });

  it('S2 is all or nothing: an unknown topic, channel or status is 400 and nothing changes', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'aon1' } });
    const bad = [
      [{ SNOPE: { sms: 'opted-out' } }, 'Invalid subscription_id SNOPE'],
      [{ STEST00001: { fax: 'opted-out' } }, 'Invalid channel fax'],
      [{ STEST00001: { sms: 'maybe' } }, 'Invalid status for sms'],
    ] as const;
    for (const [wanted, message] of bad) {
      const r = await call(emu, 'PUT', '/live/subscriptions/preference?distinct_id=aon1', {
        body: { user_preference: { all: { sms: 'opted-out' }, ...wanted } },
      });
      expect([r.status, r.json]).toEqual([400, E(message)]);
    }
    expect((await call(emu, 'GET', '/live/subscriptions/preference?distinct_id=aon1')).json.meta.all.preference).toEqual({});
    expect(emu.preferences.view('live', 'aon1').meta.all.preference).toEqual({});
  });

  it('the store the socket uses is the one S1–S3 use: a change through it shows in S1 and at the next fire', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'sock1', channel: { sms: '+15550009999' } } });
    emu.preferences.update('live', 'sock1', { STEST00001: { sms: 'opted-out' } });
    const s1 = await call(emu, 'GET', '/live/subscriptions/preference?distinct_id=sock1');
    expect(s1.json.result.Tests[0].preference.sms).toBe('opted-out');
    const fired = await call(emu, 'POST', '/live/event', { body: { event: 'topic_event', distinct_id: 'sock1' } });
    expect(fired.json.response).toEqual({});
  });
});

describe('the suppression list (X1–X3)', () => {
  it('adds a destination and a user, lists them, skips them at fire time, and deletes by precedence', async () => {
    expect(
      (await call(emu, 'POST', '/suppressions', { body: { destination: 'bounce@example.com', channel: 'email', description: 'Email bounced' } })).json,
    ).toEqual(OK('User has been added to the suppression!'));
    expect((await call(emu, 'POST', '/suppressions', { body: { destination: 'not-an-email', channel: 'email' } })).json).toEqual(
      E('Invalid destination for channel email'),
    );
    expect((await call(emu, 'POST', '/suppressions', { body: { channel: 'sms' } })).json).toEqual(E('distinct_id or destination is required!'));
    const list = await call(emu, 'GET', '/suppressions');
    const entry = list.json.find((s: { destination: string }) => s.destination === 'bounce@example.com');
    expect(entry).toMatchObject({ distinct_id: null, channel: 'email', description: 'Email bounced', expiry_ts: null });
    expect(entry.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    // A key scoped to test can use the list too: it has no version.
    const fired = await call(emu, 'POST', '/live/event', { body: { event: 'known', to: { email: 'bounce@example.com', sms: '+15550002222' } } });
    expect(Object.keys(fired.json.response)).toEqual(['sms']);
    expect(emu.messages({ request_id: fired.json.request_id })[0]!.skipped?.email?.reason).toBe('suppressed');
    const removed = await call(emu, 'DELETE', `/suppressions?_id=${entry._id}&destination=other`);
    expect(removed.json).toEqual(OK('1 record(s) has been deleted!'));
    expect((await call(emu, 'DELETE', `/suppressions?_id=${entry._id}`)).json).toEqual(E('Unable to delete non existing data!'));
    const again = await call(emu, 'POST', '/live/event', { body: { event: 'known', to: { email: 'bounce@example.com' } } });
    expect(Object.keys(again.json.response)).toEqual(['email']);
  });

  it('is per workspace: a test-only key sees what live added', async () => {
    const scoped = await start({
      keys: [
        { key: 'live_only_key_0000000000000', scope: 'live' },
        { key: 'test_only_key_0000000000000', scope: 'test' },
      ],
    });
    try {
      await call(scoped, 'POST', '/suppressions', { key: 'live_only_key_0000000000000', body: { distinct_id: 'u1', channel: 'sms' } });
      const seen = await call(scoped, 'GET', '/suppressions', { key: 'test_only_key_0000000000000' });
      expect(seen.json).toEqual([expect.objectContaining({ distinct_id: 'u1', channel: 'sms' })]);
      expect((await call(scoped, 'GET', '/suppressions', { key: 'wrong' })).status).toBe(401);
    } finally {
      await scoped.stop();
    }
  });
});

describe('Verify (V0/V1)', () => {
  it('issues one OTP per fire of a Verify event, shows it, and V1 checks it by request_id and by destination', async () => {
    const a = await call(emu, 'POST', '/live/event', { body: { event: 'login_code', to: { email: 'otp@example.com' } } });
    const b = await call(emu, 'POST', '/live/event', { body: { event: 'login_code', to: { email: 'otp2@example.com' } } });
    const otpA = emu.messages({ request_id: a.json.request_id })[0]!.otp!;
    const otpB = emu.messages({ request_id: b.json.request_id })[0]!.otp!;
    expect(otpA).toMatch(/^\d{6}$/);
    expect(otpB).toMatch(/^\d{6}$/);
    const viaHttp = await (await fetch(`${emu.url}/_emulator/messages?request_id=${a.json.request_id}`)).json();
    expect(viaHttp[0].otp).toBe(otpA);
    const page = await (await fetch(`${emu.url}/`)).text();
    expect(page).toContain(`<code data-otp>${otpA}</code>`);
    const wrong = otpA === '000000' ? '000001' : '000000';
    expect((await call(emu, 'POST', `/live/verify/validate?otp=${wrong}&request_id=${a.json.request_id}`)).json).toEqual(E('user entered the wrong OTP'));
    expect((await call(emu, 'POST', `/live/verify/validate?otp=${otpA}&request_id=${a.json.request_id}`)).json).toEqual(OK('OTP successfully validated.'));
    // Single use.
    expect((await call(emu, 'POST', `/live/verify/validate?otp=${otpA}&request_id=${a.json.request_id}`)).status).toBe(400);
    expect((await call(emu, 'POST', `/live/verify/validate?otp=${otpB}&destination=otp2%40example.com`)).json).toEqual(OK('OTP successfully validated.'));
    expect((await call(emu, 'POST', '/live/verify/validate?otp=123456&request_id=never-sent')).status).toBe(400);
  });

  it('an event not named in verifyEvents issues no OTP', async () => {
    const r = await call(emu, 'POST', '/live/event', { body: { event: 'known', to: { email: 'x@example.com' } } });
    expect(emu.messages({ request_id: r.json.request_id })[0]!.otp).toBeUndefined();
  });

  it('gives up after five wrong tries', async () => {
    const r = await call(emu, 'POST', '/live/event', { body: { event: 'login_code', to: { email: 'tries@example.com' } } });
    const otp = emu.messages({ request_id: r.json.request_id })[0]!.otp!;
    const wrong = otp === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i++) await call(emu, 'POST', `/live/verify/validate?otp=${wrong}&request_id=${r.json.request_id}`);
    const late = await call(emu, 'POST', `/live/verify/validate?otp=${otp}&request_id=${r.json.request_id}`);
    expect(late.json).toEqual(E('Maximum OTP attempts exceeded'));
  });
});

describe('the inbox page says why a channel was skipped', () => {
  it('renders the skipped channel with its reason', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'page1', channel: { sms: '+15550003333', email: 'page1@example.com' } } });
    await call(emu, 'POST', '/live/subscriptions/list/STEST00001/user', { body: { distinct_id: 'page1', channel: 'sms', status: 'opted-out' } });
    await call(emu, 'POST', '/live/event', { body: { event: 'topic_event', distinct_id: 'page1' } });
    const page = await (await fetch(`${emu.url}/`)).text();
    expect(page).toContain('data-skipped="sms"');
    expect(page).toContain('not sent: the user opted out of this channel for topic &quot;Test topic&quot;');
  });
});

describe('the default topics', () => {
  it('link order_shipped to a topic with email and sms on, so turning email off skips it', async () => {
    const plain = await start({ quiet: true });
    try {
      await call(plain, 'POST', '/live/profiles', { body: { distinct_id: 'd1', channel: { email: 'd1@example.com', sms: '+15550004444' } } });
      const s1 = await call(plain, 'GET', '/live/subscriptions/preference?distinct_id=d1&event_list=true');
      const orders = s1.json.result.Orders[0];
      expect(orders).toMatchObject({ channel_config: { email: 'on', sms: 'on' } });
      expect(orders.notification_events.map((e: { event_name: string }) => e.event_name)).toContain('order_shipped');
      const before = await call(plain, 'POST', '/live/event', { body: { event: 'order_shipped', distinct_id: 'd1' } });
      expect(Object.keys(before.json.response).sort()).toEqual(['email', 'sms']);
      await call(plain, 'PUT', '/live/subscriptions/preference?distinct_id=d1', {
        body: { user_preference: { [orders.subscription_id]: { email: 'opted-out' } } },
      });
      const after = await call(plain, 'POST', '/live/event', { body: { event: 'order_shipped', distinct_id: 'd1' } });
      expect(Object.keys(after.json.response)).toEqual(['sms']);
    } finally {
      await plain.stop();
    }
  });
});
