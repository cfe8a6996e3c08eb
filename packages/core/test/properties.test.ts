import { describe, expect, it } from 'vitest';
import { FynoValidationError } from '../src/index';
import { sharedSetup } from './helpers';

const env = sharedSetup();

describe('profiles.properties (U1–U7)', () => {
  it('set creates a missing profile (U-a); the other operations change its properties', async () => {
    const { properties } = env.fyno.profiles;
    const res = await properties.set('p_new', { plan: 'pro', seats: 3, tags: ['a'] });
    expect(res.request_id).toMatch(/^[0-9a-f-]{36}$/);
    await properties.setOnce('p_new', { plan: 'free', signup: '2026-11-27' });
    await properties.increment('p_new', { seats: 2 });
    await properties.append('p_new', { tags: 'b' });
    await properties.remove('p_new', { tags: 'a' });
    await properties.unset('p_new', ['signup']);
    const profile = await env.fyno.profiles.get('p_new');
    expect(profile.properties).toEqual({ plan: 'pro', seats: 5, tags: ['b'] });
    const paths = env.emu.requests().map((r) => r.path.replace(`/v1/${env.emu.workspaceId}/live`, ''));
    expect(paths.slice(0, 6)).toEqual([
      '/profiles/properties/set',
      '/profiles/properties/set-once',
      '/profiles/properties/numerical-add',
      '/profiles/properties/list-append',
      '/profiles/properties/list-remove',
      '/profiles/properties/unset',
    ]);
  });

  it('batch applies several actions and reports each', async () => {
    const res = await env.fyno.profiles.properties.batch([
      { distinct_id: 'b1', action: { $set: { plan: 'team' }, $add: { logins: 1 } } },
      { distinct_id: 'b2', action: { $set: { plan: 'pro' } } },
    ]);
    expect(res.batch).toEqual([{ $set: 'ok', $add: 'ok' }, { $set: 'ok' }]);
    expect((await env.fyno.profiles.get('b1')).properties).toEqual({ plan: 'team', logins: 1 });
  });

  it('rejects empty operations before sending anything', async () => {
    const { properties } = env.fyno.profiles;
    await expect(properties.unset('x', [])).rejects.toBeInstanceOf(FynoValidationError);
    await expect(properties.set('x', {})).rejects.toBeInstanceOf(FynoValidationError);
    await expect(properties.set('', { a: 1 })).rejects.toBeInstanceOf(FynoValidationError);
    await expect(properties.batch([])).rejects.toBeInstanceOf(FynoValidationError);
    expect(env.emu.requests()).toHaveLength(0);
  });
});
