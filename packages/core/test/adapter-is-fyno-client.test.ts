import { describe, expect, it } from 'vitest';
import { isFynoClient } from '../src/adapter/is-fyno-client';
import { Fyno } from '../src/index';

describe('isFynoClient: a ready client or options to build one', () => {
  it('takes a Fyno, and anything with fire() and close() (a copy from the other module format)', () => {
    const client = new Fyno({ workspaceId: 'ws', apiKey: 'key', baseUrl: 'http://127.0.0.1:9' });
    expect(isFynoClient(client)).toBe(true);
    expect(isFynoClient({ fire: async () => ({}), close: async () => {} })).toBe(true);
    void client.close();
  });

  it('refuses options, null and half a client', () => {
    expect(isFynoClient({ workspaceId: 'ws', apiKey: 'key' })).toBe(false);
    expect(isFynoClient(undefined)).toBe(false);
    expect(isFynoClient(null)).toBe(false);
    expect(isFynoClient({ fire: async () => ({}) })).toBe(false);
    expect(isFynoClient({ fire: 'x', close: async () => {} })).toBe(false);
  });
});
