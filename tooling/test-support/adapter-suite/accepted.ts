/** 202: what a signed-in user may send reaches Fyno once, as the rule shaped it. */
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context';

export function acceptedCases(s: SuiteContext): void {
  const { route, send, post } = s;
  describe('accepted', () => {
    it('fires for the signed-in user: 202, channels without destinations, one message upstream', async () => {
      const url = await route();
      const res = await post(url, 'u_happy', { event: 'order_shipped', data: { order: 'A-1001' } });
      expect(res.status).toBe(202);
      expect(Object.keys(res.json).sort()).toEqual(['channels', 'event', 'received_time', 'request_id']);
      expect(res.json.event).toBe('order_shipped');
      expect(Object.keys(res.json.channels)).toEqual(['email']);
      expect(Object.keys(res.json.channels.email).sort()).toEqual(['msg_id', 'status']);
      expect(res.json.channels.email.status).toBe('ok');
      expect(res.text).not.toContain('@dest.example');
      const sent = await s.emu.messages({ distinct_id: 'u_happy' });
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        event: 'order_shipped',
        distinct_id: 'u_happy',
        data: { order: 'A-1001' },
        to: { email: 'u_happy@dest.example' },
        callback: { custom_id: 'cb-1' },
        request_id: res.json.request_id,
      });
      expect(await s.emu.messages()).toHaveLength(1);
    });

    it('sends the data as the rule transformed it (unknown keys stripped by the schema)', async () => {
      const url = await route();
      const res = await post(url, 'u_strip', { event: 'order_shipped', data: { order: 'A-2', admin: true } });
      expect(res.status).toBe(202);
      expect((await s.emu.messages({ distinct_id: 'u_strip' }))[0]?.data).toEqual({ order: 'A-2' });
    });

    it('accepts an empty rule with no data or any JSON-object data, and a charset parameter', async () => {
      const url = await route();
      expect((await send(url, { user: 'u_plain', body: '{"event":"password_reset"}', type: 'application/json; charset=UTF-8' })).status).toBe(202);
      expect((await post(url, 'u_plain', { event: 'password_reset', data: { nested: { a: [1, 2] } } })).status).toBe(202);
      const sent = await s.emu.messages({ distinct_id: 'u_plain' });
      expect(sent.map((m) => m.data)).toEqual([undefined, { nested: { a: [1, 2] } }]);
    });
  });
}
