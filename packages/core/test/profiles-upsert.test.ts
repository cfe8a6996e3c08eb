/** `profiles.upsert`, `FynoProfileExistsError` and the client's channel validation, against the emulator. */
import { describe, expect, it } from 'vitest';
import { FynoBadRequestError, FynoProfileExistsError, FynoValidationError, type ProfileInput } from '../src/index';
import { caught, sharedSetup } from './helpers';

const env = sharedSetup();

describe('profiles.upsert', () => {
  it('creates a new profile', async () => {
    const result = await env.fyno.profiles.upsert({ distinct_id: 'u_new', name: 'Ana', channel: { email: 'ana@example.com' } });
    expect(result).toEqual({ _message: 'Profile created successfully', status: 'ok', created: true });
    expect(await env.fyno.profiles.get('u_new')).toMatchObject({ name: 'Ana', channel: { email: 'ana@example.com' } });
  });

  it('updates an existing profile, keeping the fields it does not name', async () => {
    await env.fyno.profiles.create({ distinct_id: 'u_old', name: 'Ana', timezone: 'Europe/Lisbon', channel: { email: 'old@example.com' } });
    const result = await env.fyno.profiles.upsert({ distinct_id: 'u_old', name: 'Ana B', channel: { email: 'new@example.com', sms: '+15550001111' } });
    expect(result).toMatchObject({ status: 'ok', created: false });
    const profile = await env.fyno.profiles.get('u_old');
    expect(profile).toMatchObject({ name: 'Ana B', timezone: 'Europe/Lisbon' });
    expect(profile.channel.email).toBe('new@example.com');
    expect(profile.channel.sms).toBeDefined();
    // Two upserts of the same profile: the second run of a seed script does not fail.
    await expect(env.fyno.profiles.upsert({ distinct_id: 'u_old', name: 'Ana B' })).resolves.toMatchObject({ created: false });
  });
});

describe('FynoProfileExistsError', () => {
  it('is what create throws for an id that exists, and still a FynoBadRequestError', async () => {
    await env.fyno.profiles.create({ distinct_id: 'u_dup' });
    const error = await caught(() => env.fyno.profiles.create({ distinct_id: 'u_dup', name: 'Again' }));
    expect(error).toBeInstanceOf(FynoProfileExistsError);
    expect(error).toBeInstanceOf(FynoBadRequestError);
    expect(error).toMatchObject({ code: 'profile_exists', status: 400, distinctId: 'u_dup' });
    expect(error.message).toBe("Distinct ID 'u_dup' already exists in the 'live' version of your workspace");
  });

  it('is what a rename onto a taken id throws', async () => {
    await env.fyno.profiles.create({ distinct_id: 'u_a' });
    await env.fyno.profiles.create({ distinct_id: 'u_b' });
    const error = await caught(() => env.fyno.profiles.update('u_a', { distinct_id: 'u_b' }));
    expect(error).toBeInstanceOf(FynoProfileExistsError);
    expect(error).toMatchObject({ distinctId: 'u_b' });
  });

  it('is not what other 400s become', async () => {
    const error = await caught(() => env.fyno.profiles.get('nobody'));
    expect(error).toBeInstanceOf(FynoBadRequestError);
    expect(error).not.toBeInstanceOf(FynoProfileExistsError);
  });
});

describe('malformed channel values are refused by the client, before any request', () => {
  const malformed: Array<[string, unknown, string]> = [
    ['an email as an array', { email: ['a@b.co'] }, 'channel.email'],
    ['a phone as a number', { sms: 15550001111 }, 'channel.sms'],
    ['a whatsapp as an object', { whatsapp: { number: '+15550001111' } }, 'channel.whatsapp'],
    ['an empty email', { email: '' }, 'channel.email'],
    ['an unknown channel key', { phone: '+15550001111' }, 'channel.phone'],
    ['push as a string', { push: 'fcm_token:abc' }, 'channel.push'],
    ['a push token without token', { push: [{ integration_id: 'x' }] }, 'channel.push[0].token'],
    ['a push token with a bad status', { push: [{ token: 't', status: 2 }] }, 'channel.push[0].status'],
  ];

  it.each(malformed)('%s', async (_label, channel, field) => {
    const before = env.emu.requests().length;
    const calls = [
      () => env.fyno.profiles.create({ distinct_id: 'u_bad', channel } as ProfileInput),
      () => env.fyno.profiles.upsert({ distinct_id: 'u_bad', channel } as ProfileInput),
      () => env.fyno.profiles.update('u_bad', { channel } as ProfileInput),
      () => env.fyno.profiles.addChannel('u_bad', channel as ProfileInput['channel'] & object),
    ];
    for (const call of calls) {
      const error = await caught(call);
      expect(error).toBeInstanceOf(FynoValidationError);
      expect(error).toMatchObject({ code: 'validation_error', field });
    }
    expect(env.emu.requests().length).toBe(before);
  });

  it('refuses a non-object channel and a profile without an id', async () => {
    await expect(env.fyno.profiles.create({ distinct_id: 'u', channel: 'ana@example.com' } as unknown as ProfileInput)).rejects.toMatchObject({
      field: 'channel',
    });
    await expect(env.fyno.profiles.upsert({ name: 'Ana' } as ProfileInput)).rejects.toMatchObject({ field: 'distinct_id' });
  });

  it('accepts every documented channel shape', async () => {
    const channel = {
      sms: '+15550001111',
      whatsapp: '+15550001111',
      voice: '+15550001111',
      email: 'ana@example.com',
      slack: 'U012AB3CD',
      discord: '123456789012345678',
      teams: 'general',
      push: [{ token: 'fcm_token:abc', integration_id: null, status: 1 as const }],
      inapp: [{ token: 'inapp-1' }],
    };
    await expect(env.fyno.profiles.create({ distinct_id: 'u_all', name: 'All', status: 1, timezone: 'Asia/Kolkata', channel })).resolves.toMatchObject({
      status: 'ok',
    });
    expect((await env.fyno.profiles.get('u_all')).channel.email).toBe('ana@example.com');
  });
});
