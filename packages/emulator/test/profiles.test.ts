/**
 * Profiles P1–P7 (rows P-a…P-l), user properties (U-a, U-b), verify (V-a), subscriptions (S-a):
 * the rows of CONTRACT.md §8.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { call, E, OK, start, UUID } from './helpers.js';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await start({ verifyOtp: '4321' });
});
afterAll(() => emu.stop());

/** Fresh profiles for each test: delete whatever the last test left. */
beforeEach(async () => {
  for (const id of ['u1', 'u2', 'new', 'ren', 'p-extra']) {
    await call(emu, 'POST', '/live/profiles/delete', { body: { distinct_id: [id] } });
  }
});

const get = async (id: string) => (await call(emu, 'GET', `/live/profiles/${encodeURIComponent(id)}`)).json;

describe('P1–P7', () => {
  it('P-a: create is 201 Profile created successfully', async () => {
    const r = await call(emu, 'POST', '/live/profiles', {
      body: { distinct_id: 'u1', name: 'User One', timezone: 'Asia/Kolkata', channel: { sms: '+919800000001' } },
    });
    expect(r.status).toBe(201);
    expect(r.json).toEqual(OK('Profile created successfully'));
    const p = await get('u1');
    expect(p).toMatchObject({
      distinct_id: 'u1',
      name: 'User One',
      status: 1,
      timezone: 'Asia/Kolkata',
      timezone_offset: '+05:30',
      channel: { sms: '+919800000001' },
      version: 'live',
      id_list: ['u1'],
    });
    expect(p.profile_id).toMatch(UUID);
    expect(typeof p.created_at).toBe('string');
    expect(p).toHaveProperty('channel_raw');
    expect(p).toHaveProperty('properties');
  });

  it('P-b: creating u1 again is the documented 400', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'u1' } });
    const r = await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'u1' } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E("Distinct ID 'u1' already exists in the 'live' version of your workspace"));
  });

  it('P1 without distinct_id is 400', async () => {
    const r = await call(emu, 'POST', '/live/profiles', { body: { name: 'x' } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E("'distinct_id' is required and must be a non-empty string"));
  });

  it('P-c: get a missing id is 400 (not 404)', async () => {
    const r = await call(emu, 'GET', '/live/profiles/missing');
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E('incorrect/non existing distinct_id provided'));
  });

  it('P-d: update a missing id is 400', async () => {
    const r = await call(emu, 'PUT', '/live/profiles/missing', { body: { name: 'x' } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E('Unable to update the record since the record does not exist'));
  });

  it('P-e: PUT replaces the whole channel and leaves omitted keys alone', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'u1', name: 'Keep', channel: { sms: '+1' } } });
    const r = await call(emu, 'PUT', '/live/profiles/u1', { body: { channel: { email: 'e@x.io' } } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual(OK('1 Record(s) updated successfully'));
    const p = await get('u1');
    expect(p.channel).toEqual({ email: 'e@x.io' });
    expect(p.name).toBe('Keep');
  });

  it('PUT with a new distinct_id renames the profile', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'u1' } });
    expect((await call(emu, 'PUT', '/live/profiles/u1', { body: { distinct_id: 'ren' } })).status).toBe(200);
    expect((await call(emu, 'GET', '/live/profiles/u1')).status).toBe(400);
    expect((await get('ren')).distinct_id).toBe('ren');
  });

  it('P-f: PATCH channel appends push tokens', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'u1', channel: { push: [{ token: 't1' }] } } });
    const r = await call(emu, 'PATCH', '/live/profiles/u1/channel', { body: { channel: { push: [{ token: 't2', integration_id: 'fcm' }] } } });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('ok');
    const p = await get('u1');
    expect(p.channel.push.map((t: { token: string }) => t.token)).toEqual(['t1', 't2']);
    expect(p.channel.push[1]).toEqual({ token: 't2', integration_id: 'fcm', status: 1 });
  });

  it('P-g: PATCH channel upserts a single-value channel', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'u1', channel: { whatsapp: '+910' } } });
    const r = await call(emu, 'PATCH', '/live/profiles/u1/channel', { body: { channel: { whatsapp: '+919111111111' } } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual(OK('Channel has been modified successfully'));
    expect((await get('u1')).channel.whatsapp).toBe('+919111111111');
  });

  it('P6 on a missing profile is 400', async () => {
    const r = await call(emu, 'PATCH', '/live/profiles/missing/channel', { body: { channel: { email: 'a@b.co' } } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E('incorrect/non existing distinct_id provided'));
  });

  it('P-h: deleting a channel with no data is 400', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'u1', channel: { email: 'a@b.co' } } });
    const r = await call(emu, 'POST', '/live/profiles/u1/channel/delete', { body: { channel: ['sms'] } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E('Unable to delete channel since the channel does not exist'));
  });

  it('P-i: deleting a set channel is 200 Channel has been modified successfully', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'u1', channel: { whatsapp: '+91', email: 'a@b.co' } } });
    const r = await call(emu, 'POST', '/live/profiles/u1/channel/delete', { body: { channel: ['whatsapp'] } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual(OK('Channel has been modified successfully'));
    expect((await get('u1')).channel).toEqual({ email: 'a@b.co' });
  });

  it('P7 token shape removes one push token', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'u1', channel: { push: [{ token: 't1' }, { token: 't2' }] } } });
    const r = await call(emu, 'POST', '/live/profiles/u1/channel/delete', { body: { push: ['t1'] } });
    expect(r.status).toBe(200);
    expect((await get('u1')).channel.push.map((t: { token: string }) => t.token)).toEqual(['t2']);
    const again = await call(emu, 'POST', '/live/profiles/u1/channel/delete', { body: { push: ['t1'] } });
    expect(again.json).toEqual(E('Unable to delete channel since the channel does not exist'));
  });

  it('P-j: merging a missing source is 400', async () => {
    const r = await call(emu, 'PATCH', '/live/profiles/missing/merge/u2');
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E('merge from id does not exist'));
  });

  it('P-k: merging into a missing target renames the source', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'u1', channel: { email: 'a@b.co' } } });
    const r = await call(emu, 'PATCH', '/live/profiles/u1/merge/u2');
    expect(r.status).toBe(200);
    expect(r.json).toEqual(OK('1 Record(s) updated and 1 Records(s) deleted'));
    expect((await call(emu, 'GET', '/live/profiles/u1')).status).toBe(400);
    const p = await get('u2');
    expect(p.channel).toEqual({ email: 'a@b.co' });
    expect(p.id_list).toEqual(['u2', 'u1']);
  });

  it('P4 into an existing target merges and deletes the source', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'u1', channel: { sms: '+1', push: [{ token: 'a' }] } } });
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'u2', channel: { email: 'x@y.z', push: [{ token: 'b' }] } } });
    expect((await call(emu, 'PATCH', '/live/profiles/u1/merge/u2')).status).toBe(200);
    const p = await get('u2');
    expect(p.channel.email).toBe('x@y.z');
    expect(p.channel.sms).toBe('+1');
    expect(p.channel.push.map((t: { token: string }) => t.token)).toEqual(['b', 'a']);
    expect((await call(emu, 'GET', '/live/profiles/u1')).status).toBe(400);
  });

  it('P-l: delete is 200 then 400 for the same id', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'u1' } });
    const r = await call(emu, 'POST', '/live/profiles/delete', { body: { distinct_id: ['u1'] } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual(OK('1 User(s) deleted successfully'));
    const again = await call(emu, 'POST', '/live/profiles/delete', { body: { distinct_id: ['u1'] } });
    expect(again.status).toBe(400);
    expect(again.json).toEqual(E('Cannot delete non existing user'));
  });

  it('distinct ids with reserved characters work when percent-encoded', async () => {
    await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'p-extra' } });
    const odd = 'a/b#c?d';
    expect((await call(emu, 'POST', '/live/profiles', { body: { distinct_id: odd } })).status).toBe(201);
    expect((await get(odd)).distinct_id).toBe(odd);
    await call(emu, 'POST', '/live/profiles/delete', { body: { distinct_id: [odd] } });
  });

  it('addProfile() seeds a profile events can route to', async () => {
    emu.addProfile('live', 'u1', { channel: { email: 'seed@x.io' } });
    expect((await get('u1')).channel.email).toBe('seed@x.io');
  });
});

describe('U1–U7 user properties', () => {
  it('U-a: $set on a new id is 202 {request_id} and creates the profile', async () => {
    const r = await call(emu, 'POST', '/live/profiles/properties/set', { body: { distinct_id: 'new', $set: { plan: 'pro' } } });
    expect(r.status).toBe(202);
    expect(Object.keys(r.json)).toEqual(['request_id']);
    expect(r.json.request_id).toMatch(UUID);
    expect((await get('new')).properties).toEqual({ plan: 'pro' });
  });

  it('U-b: $unset with an empty list is the documented 400', async () => {
    const r = await call(emu, 'POST', '/live/profiles/properties/unset', { body: { distinct_id: 'new', $unset: [] } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E('$unset channel should have atleast one item in array'));
  });

  it('$set with an object value is the documented 400', async () => {
    const r = await call(emu, 'POST', '/live/profiles/properties/set', { body: { distinct_id: 'new', $set: { a: { b: 1 } } } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E('$set has object/keys that is not allowed'));
  });

  it('$once, $add, $append, $remove and $unset change properties as documented', async () => {
    const op = (path: string, body: object) => call(emu, 'POST', `/live/profiles/properties/${path}`, { body: { distinct_id: 'u1', ...body } });
    expect((await op('set-once', { $once: { first: 'a' } })).status).toBe(202);
    await op('set-once', { $once: { first: 'b' } });
    await op('numerical-add', { $add: { n: 5 } });
    await op('numerical-add', { $add: { n: -2, bad: 'x' } });
    await op('list-append', { $append: { tags: 'x' } });
    await op('list-append', { $append: { tags: 'x' } });
    await op('list-append', { $append: { tags: 'y' } });
    await op('list-remove', { $remove: { tags: 'x' } });
    expect((await get('u1')).properties).toEqual({ first: 'a', n: 3, tags: ['y'] });
    await op('unset', { $unset: ['first', 'unknown'] });
    expect((await get('u1')).properties).toEqual({ n: 3, tags: ['y'] });
    expect((await op('list-append', { $append: { tags: ['z'] } })).json).toEqual(E('$append has object/keys that is not allowed'));
  });

  it('U7 batch answers per item and applies every action', async () => {
    const r = await call(emu, 'POST', '/live/profiles/properties/batch', {
      body: {
        batch: [
          { distinct_id: 'u1', action: { $set: { plan: 'pro' }, $add: { logins: 1 } } },
          { distinct_id: 'u2', action: { $once: { source: 'ads' } } },
        ],
      },
    });
    expect(r.status).toBe(202);
    expect(r.json.request_id).toMatch(UUID);
    expect(r.json.batch).toEqual([{ $set: 'ok', $add: 'ok' }, { $once: 'ok' }]);
    expect((await get('u1')).properties).toEqual({ plan: 'pro', logins: 1 });
    expect((await get('u2')).properties).toEqual({ source: 'ads' });
  });
});

describe('V1 and S1–S3', () => {
  it('V-a: a wrong OTP is 400 user entered the wrong OTP; the configured one is 200', async () => {
    const bad = await call(emu, 'POST', '/live/verify/validate?otp=1111&request_id=abc');
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual(E('user entered the wrong OTP'));
    const good = await call(emu, 'POST', '/live/verify/validate?otp=4321&destination=%2B911');
    expect(good.status).toBe(200);
    expect(good.json).toEqual(OK('OTP successfully validated.'));
  });

  it('S-a: listing preferences without distinct_id is 400', async () => {
    const r = await call(emu, 'GET', '/live/subscriptions/preference?event_list=false');
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E('distinct_id is required to list preference!'));
  });

  it('S2 without distinct_id is 400 distinct_id is required!', async () => {
    const r = await call(emu, 'PUT', '/live/subscriptions/preference', { body: { user_preference: {} } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(E('distinct_id is required!'));
  });

  it('S2 and S3 store preferences that S1 shows back', async () => {
    expect((await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'pref1' } })).status).toBe(201);
    const put = await call(emu, 'PUT', '/live/subscriptions/preference?distinct_id=pref1', {
      body: { user_preference: { all: { sms: 'opted-out' } } },
    });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ all: { sms: 'opted-out' } });
    const s3 = await call(emu, 'POST', '/live/subscriptions/list/SNEWS00001/user', {
      body: { distinct_id: 'pref1', channel: 'email', status: 'opted-in' },
    });
    expect(s3.status).toBe(200);
    expect(s3.json.SNEWS00001).toMatchObject({ email: 'opted-in', sms: 'opted-out', webpush: 'opted-in' });
    const missing = await call(emu, 'POST', '/live/subscriptions/list/SNEWS00001/user', { body: { channel: 'email', status: 'opted-in' } });
    expect(missing.json).toEqual(E('distinct_id is required!'));
    const list = await call(emu, 'GET', '/live/subscriptions/preference?distinct_id=pref1');
    expect(list.status).toBe(200);
    expect(list.json.meta.all.preference).toEqual({ sms: 'opted-out' });
    expect(list.json.result.Marketing[0]).toMatchObject({
      subscription_id: 'SNEWS00001',
      preference: { email: 'opted-in' },
      is_global_opted_out: { sms: true },
    });
  });
});
