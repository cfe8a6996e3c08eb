/** The Idempotency-Key header: one message per key, namespaced per user and event. */
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context';

export function idempotencyKeyCases(s: SuiteContext): void {
  const { route, post, expectRejected } = s;
  describe('Idempotency-Key', () => {
    it('the same key twice from one user sends one message', async () => {
      const url = await route();
      const headers = { 'idempotency-key': 'click-1' };
      const first = await post(url, 'u_idem', { event: 'password_reset' }, { headers });
      const second = await post(url, 'u_idem', { event: 'password_reset' }, { headers });
      expect([first.status, second.status]).toEqual([202, 202]);
      expect(second.json.request_id).toBe(first.json.request_id);
      expect(await s.emu.messages({ distinct_id: 'u_idem' })).toHaveLength(1);
    });

    it('is namespaced: two users (or two events) with the same key send separately', async () => {
      const url = await route();
      const headers = { 'idempotency-key': 'shared-key' };
      expect((await post(url, 'u_a', { event: 'password_reset' }, { headers })).status).toBe(202);
      expect((await post(url, 'u_b', { event: 'password_reset' }, { headers })).status).toBe(202);
      expect((await post(url, 'u_a', { event: 'order_shipped', data: { order: 'A' } }, { headers })).status).toBe(202);
      const sent = await s.emu.messages();
      expect(sent.map((m) => m.distinct_id)).toEqual(['u_a', 'u_b', 'u_a']);
      const keys = sent.map((m) => m.idempotency_key);
      expect(new Set(keys).size).toBe(3);
      expect(keys).not.toContain('shared-key');
    });

    it('400 invalid_body for a key that is empty, too long or not visible ASCII', async () => {
      const url = await route();
      for (const key of ['k'.repeat(201), 'has space', 'tab\there']) {
        await expectRejected(await post(url, 'u_key', { event: 'password_reset' }, { headers: { 'idempotency-key': key } }), 400, 'invalid_body');
      }
      expect((await post(url, 'u_key', { event: 'password_reset' }, { headers: { 'idempotency-key': 'k'.repeat(200) } })).status).toBe(202);
    });
  });
}
