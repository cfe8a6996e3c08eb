/** Upstream failures: stable codes, nothing of Fyno's in the answer. */
import { describe, expect, it } from 'vitest';
import type { Answer, SuiteContext } from './context';

export function upstreamCases(s: SuiteContext): void {
  const { options, wrongKey, reported, client, route, post } = s;
  describe("upstream failures: stable codes, nothing of Fyno's in the answer", () => {
    async function expectUpstream(answer: Answer, status: number, code: string): Promise<void> {
      expect({ status: answer.status, code: answer.json.error.code }).toEqual({ status, code });
      expect(await s.emu.messages()).toHaveLength(0);
      expect(reported.at(-1)?.code).toBe(code);
    }

    it('Fyno 429 → 429 upstream_rate_limited with its Retry-After', async () => {
      const url = await route();
      s.emu.failNext(1, { status: 429, retryAfterS: 7 });
      const res = await post(url, 'u_up', { event: 'password_reset' });
      await expectUpstream(res, 429, 'upstream_rate_limited');
      expect(res.headers.get('retry-after')).toBe('7');
    });

    it('Fyno 503 → 502 upstream_error', async () => {
      const url = await route();
      s.emu.failNext(1, { status: 503 });
      await expectUpstream(await post(url, 'u_up', { event: 'password_reset' }), 502, 'upstream_error');
    });

    it('connection reset → 503 upstream_unavailable', async () => {
      const url = await route();
      s.emu.failNext(1, 'reset');
      const res = await post(url, 'u_up', { event: 'password_reset' });
      if (!options.fetchRetriesReset) return expectUpstream(res, 503, 'upstream_unavailable');
      // The runtime re-sent it: one message, under the one key the client sent both times.
      expect(res.status).toBe(202);
      expect(await s.emu.messages({ distinct_id: 'u_up' })).toHaveLength(1);
    });

    it('no answer in time → 504 upstream_timeout', async () => {
      const url = await route({ client: client({ timeoutMs: 150 }) });
      s.emu.failNext(1, { stallMs: 2_000 });
      await expectUpstream(await post(url, 'u_up', { event: 'password_reset' }), 504, 'upstream_timeout');
    });

    it('a wrong API key (Fyno 401) → 502 upstream_rejected; neither key is in the answer or the log', async () => {
      // No onError: the route's default log line is captured with the console and checked after the suite.
      const url = await route({ client: client({ apiKey: wrongKey }), onError: undefined });
      const res = await post(url, 'u_up', { event: 'password_reset' });
      expect({ status: res.status, code: res.json.error.code }).toEqual({ status: 502, code: 'upstream_rejected' });
      expect(res.json.error.message).not.toMatch(/Invalid API details/);
      expect(await s.emu.messages()).toHaveLength(0);
    });

    it("an event the workspace does not know (Fyno 400) → 502 upstream_rejected without Fyno's message", async () => {
      const url = await route();
      const res = await post(url, 'u_up', { event: 'not_in_workspace' });
      await expectUpstream(res, 502, 'upstream_rejected');
      expect(res.text).not.toContain('does not exist');
    });
  });
}
