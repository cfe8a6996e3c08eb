/**
 * The preferences route in core, through its web-standard handler, with the emulator upstream: the
 * view the policy shows, changes that reach what the emulator delivers, the defaults of a user with no
 * profile, and the policy's refusals. The per-host contract is tooling/test-support/preferences-suite.ts.
 */
import { describe, expect, it } from 'vitest';
import { sharedSetup } from './helpers';
import { createPreferencesHandler, definePreferencesPolicy, PREFERENCES_ERROR_CODES, PREFERENCES_ERROR_STATUS } from '../src/server/index';
import { NOTIFY_ERROR_STATUS } from '../src/server/error-codes';
import type { PreferencesView } from '../src/server/index';

const apiKey = `sk_prefs_${Math.random().toString(36).slice(2)}`;
const env = sharedSetup({ apiKey, maxRetries: 0 }, { events: '*', apiKey });

const policy = definePreferencesPolicy<Request>()({
  identify: (req) => req.headers.get('x-user'),
  topics: { SORDERS001: { channels: ['email', 'sms'] }, SSECURITY1: true },
  global: ['sms'],
  onError: () => {},
});
const handler = (overrides: Partial<Parameters<typeof createPreferencesHandler>[0]> = {}) =>
  createPreferencesHandler({ ...policy, client: env.fyno, ...overrides });

const get = (h: (r: Request) => Promise<Response>, user?: string) =>
  h(new Request('https://app.example/api/fyno/preferences', { headers: user ? { 'x-user': user } : {} }));
const post = (h: (r: Request) => Promise<Response>, body: unknown, user?: string) =>
  h(
    new Request('https://app.example/api/fyno/preferences', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(user ? { 'x-user': user } : {}) },
      body: JSON.stringify(body),
    }),
  );

async function profile(id: string) {
  await env.fyno.profiles.create({ distinct_id: id, channel: { email: `${id}@example.com`, sms: '+15550001111' } });
}

describe('preferences route (web handler)', () => {
  it('shows only the topics and channels the policy names, in Fyno order, with effective states', async () => {
    await profile('u_view');
    const res = await get(handler(), 'u_view');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const view = (await res.json()) as PreferencesView;
    expect(view).toEqual({
      sections: [
        {
          name: 'Orders',
          topics: [
            {
              id: 'SORDERS001',
              name: 'Order updates',
              ...(view.sections[0]?.topics[0]?.description ? { description: expect.any(String) } : {}),
              channels: [
                { channel: 'email', on: true, required: false },
                { channel: 'sms', on: true, required: false },
              ],
            },
          ],
        },
        {
          name: 'Account',
          topics: [expect.objectContaining({ id: 'SSECURITY1', channels: expect.arrayContaining([{ channel: 'email', on: true, required: true }]) })],
        },
      ],
      global: [{ channel: 'sms', on: true }],
    });
    expect(JSON.stringify(view)).not.toContain('SNEWS00001');
  });

  it('a change turns email off for a topic, and the next fire of its event skips email', async () => {
    await profile('u_write');
    const res = await post(handler(), { changes: [{ topic: 'SORDERS001', channel: 'email', on: false }] }, 'u_write');
    expect(res.status).toBe(200);
    const view = (await res.json()) as PreferencesView;
    expect(view.sections[0]?.topics[0]?.channels[0]).toEqual({ channel: 'email', on: false, required: false });
    await env.fyno.fire('order_shipped', { distinct_id: 'u_write' });
    const [message] = env.emu.messages({ distinct_id: 'u_write' }) as Array<{ skipped?: Record<string, { reason: string }> }>;
    expect(message?.skipped?.email?.reason).toBe('topic_opt_out');
  });

  it('the global switch: sms off everywhere but required channels; back on', async () => {
    await profile('u_global');
    const off = (await (await post(handler(), { changes: [{ topic: 'all', channel: 'sms', on: false }] }, 'u_global')).json()) as PreferencesView;
    expect(off.global).toEqual([{ channel: 'sms', on: false }]);
    expect(off.sections[0]?.topics[0]?.channels[1]).toEqual({ channel: 'sms', on: false, required: false });
    const on = (await (await post(handler(), { changes: [{ topic: 'all', channel: 'sms', on: true }] }, 'u_global')).json()) as PreferencesView;
    expect(on.global).toEqual([{ channel: 'sms', on: true }]);
  });

  it('a user with no profile reads the defaults, and the first write creates the profile', async () => {
    const id = `u_new_${Date.now()}`;
    const read = await get(handler(), id);
    expect(read.status).toBe(200);
    expect(((await read.json()) as PreferencesView).sections[0]?.topics[0]?.channels).toEqual([
      { channel: 'email', on: true, required: false },
      { channel: 'sms', on: true, required: false },
    ]);
    await expect(env.fyno.profiles.get(id)).rejects.toMatchObject({ status: 400 });
    const write = await post(handler(), { changes: [{ topic: 'SORDERS001', channel: 'sms', on: false }] }, id);
    expect(write.status).toBe(200);
    expect(await env.fyno.profiles.get(id)).toMatchObject({ distinct_id: id });
    expect((await env.fyno.preferences.get(id)).result.Orders?.[0]?.preference.sms).toBe('opted-out');
  });

  it('refuses hidden topics (403), required channels (409), and the shape (400) before anything reaches Fyno', async () => {
    await profile('u_refused');
    const before = await env.fyno.preferences.get('u_refused');
    env.emu.clear();
    const cases: Array<[unknown, number, string]> = [
      [{ changes: [{ topic: 'SNEWS00001', channel: 'email', on: true }] }, 403, 'topic_not_allowed'],
      [{ changes: [{ topic: 'SORDERS001', channel: 'push', on: false }] }, 403, 'topic_not_allowed'],
      [{ changes: [{ topic: 'all', channel: 'email', on: false }] }, 403, 'topic_not_allowed'],
      [{ changes: [{ topic: '__proto__', channel: 'email', on: false }] }, 403, 'topic_not_allowed'],
      [{ changes: [{ topic: 'SSECURITY1', channel: 'email', on: false }] }, 409, 'channel_required'],
      [{ changes: [{ topic: 'SORDERS001', channel: 'email', on: false }], distinct_id: 'u_other' }, 400, 'invalid_body'],
      [{ changes: [{ topic: 'SORDERS001', channel: 'email', on: false, distinct_id: 'u_other' }] }, 400, 'invalid_body'],
      [{ changes: [] }, 400, 'invalid_body'],
      [{ changes: [{ topic: 'SORDERS001', channel: 'fax', on: false }] }, 400, 'invalid_body'],
      [{ changes: [{ topic: 'SORDERS001', channel: 'email', on: 'no' }] }, 400, 'invalid_body'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(handler(), body, 'u_refused');
      expect([res.status, await res.json()]).toEqual([status, { error: { code, message: expect.any(String) } }]);
    }
    const writes = env.emu.requests().filter((r) => r.method !== 'GET');
    expect(writes).toEqual([]);
    expect(await env.fyno.preferences.get('u_refused')).toEqual(before);
  });

  it('401 signed out, 405 with Allow, 415 non-JSON; an id in the query is never used', async () => {
    expect((await get(handler())).status).toBe(401);
    const put = await handler()(new Request('https://app.example/p', { method: 'PUT' }));
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, POST']);
    const form = await handler()(
      new Request('https://app.example/p', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-user': 'u' }, body: 'a=1' }),
    );
    expect(form.status).toBe(415);
    await profile('u_query');
    const smuggled = await handler()(new Request('https://app.example/p?distinct_id=u_victim', { headers: { 'x-user': 'u_query' } }));
    expect(smuggled.status).toBe(200);
    expect(
      env.emu
        .requests()
        .map((r) => r.path)
        .join('\n'),
    ).not.toContain('u_victim');
  });

  it('a shared code keeps the notify route status; the route adds 403 topic_not_allowed and 409 channel_required', () => {
    for (const code of PREFERENCES_ERROR_CODES) {
      if (code in NOTIFY_ERROR_STATUS) expect(PREFERENCES_ERROR_STATUS[code]).toBe(NOTIFY_ERROR_STATUS[code as keyof typeof NOTIFY_ERROR_STATUS]);
    }
    expect(PREFERENCES_ERROR_STATUS.topic_not_allowed).toBe(403);
    expect(PREFERENCES_ERROR_STATUS.channel_required).toBe(409);
  });

  it('refuses a policy with an unknown channel, "all" as a topic, or no identify, at creation', () => {
    expect(() => createPreferencesHandler({ ...policy, topics: { S1: { channels: ['fax' as 'email'] } } })).toThrow(/fax/);
    expect(() => createPreferencesHandler({ ...policy, topics: { all: true } })).toThrow(/global/);
    expect(() => createPreferencesHandler({ ...policy, identify: undefined as never })).toThrow(/identify/);
  });
});
