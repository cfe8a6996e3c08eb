/** 429: the per-user rate limit. */
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context';

export function rateLimitCases(s: SuiteContext): void {
  const { route, post } = s;
  describe('429: the per-user rate limit', () => {
    it('refuses past the limit with Retry-After, per user, sending nothing more', async () => {
      const url = await route({ rateLimit: { limit: 2, windowMs: 60_000 } });
      const body = { event: 'password_reset' };
      expect((await post(url, 'u_rl', body)).status).toBe(202);
      expect((await post(url, 'u_rl', body)).status).toBe(202);
      const before = (await s.emu.requests()).length;
      const limited = await post(url, 'u_rl', body);
      expect({ status: limited.status, code: limited.json.error.code }).toEqual({ status: 429, code: 'rate_limited' });
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect((await s.emu.requests()).length).toBe(before);
      expect(await s.emu.messages({ distinct_id: 'u_rl' })).toHaveLength(2);
      // Another user has a budget of their own.
      expect((await post(url, 'u_other', body)).status).toBe(202);
    });

    it('rateLimit: false turns the limiter off', async () => {
      const url = await route({ rateLimit: false });
      for (let i = 0; i < 25; i++) expect((await post(url, 'u_nolimit', { event: 'password_reset' })).status).toBe(202);
    });
  });
}
