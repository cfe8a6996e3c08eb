import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../src/config';
import { FynoValidationError } from '../src/errors';

afterEach(() => vi.unstubAllEnvs());

describe('resolveConfig', () => {
  it('reads FYNO_* variables when no options are given', () => {
    vi.stubEnv('FYNO_WSID', 'FYENV1');
    vi.stubEnv('FYNO_API_KEY', 'k_env');
    vi.stubEnv('FYNO_VERSION', 'test');
    vi.stubEnv('FYNO_BASE_URL', 'http://127.0.0.1:9/v1/');
    const c = resolveConfig({}, 'ua');
    expect(c.workspaceId).toBe('FYENV1');
    expect(c.version).toBe('test');
    expect(c.origin).toBe('http://127.0.0.1:9');
    expect(c.prefix).toBe('/v1/FYENV1/test');
  });

  it('keeps /v1 whether or not the base URL ends with a slash (official SDK bug 10)', () => {
    for (const baseUrl of ['https://api.fyno.io/v1', 'https://api.fyno.io/v1/', 'https://api.fyno.io/v1//']) {
      expect(resolveConfig({ workspaceId: 'FY1', apiKey: 'k', baseUrl }, 'ua').prefix).toBe('/v1/FY1/live');
    }
  });

  it('names the missing variables in one error, without any key', () => {
    vi.stubEnv('FYNO_WSID', '');
    vi.stubEnv('FYNO_API_KEY', '');
    const err = (() => {
      try {
        resolveConfig({}, 'ua');
      } catch (e) {
        return e as FynoValidationError;
      }
      throw new Error('expected a throw');
    })();
    expect(err).toBeInstanceOf(FynoValidationError);
    expect(err.message).toContain('FYNO_WSID');
    expect(err.message).toContain('FYNO_API_KEY');
    expect(() => resolveConfig({ workspaceId: 'FY1' }, 'ua')).toThrow(/FYNO_API_KEY/);
    expect(() => resolveConfig({ apiKey: 'secret_key_1' }, 'ua')).toThrow(/FYNO_WSID/);
    try {
      resolveConfig({ apiKey: 'secret_key_1' }, 'ua');
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('secret_key_1');
    }
  });

  it('rejects a bad version and a bad base URL', () => {
    expect(() => resolveConfig({ workspaceId: 'a', apiKey: 'b', version: 'prod' as never }, 'ua')).toThrow(/live.*test/);
    expect(() => resolveConfig({ workspaceId: 'a', apiKey: 'b', baseUrl: 'api.fyno.io' }, 'ua')).toThrow(FynoValidationError);
    expect(() => resolveConfig({ workspaceId: 'a', apiKey: 'b', baseUrl: 'ftp://x/v1' }, 'ua')).toThrow(FynoValidationError);
  });

  it('lets no custom header override the Authorization header', () => {
    const c = resolveConfig({ workspaceId: 'a', apiKey: 'real', headers: { Authorization: 'Bearer other', 'X-Trace': '1' } }, 'ua');
    expect(c.headers.authorization).toBe('Bearer real');
    expect(c.headers['x-trace']).toBe('1');
  });
});
