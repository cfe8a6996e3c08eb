/** 401 / 403: identity first, then the allow-list; nothing about other events leaks. */
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context';

export function whoAsksCases(s: SuiteContext): void {
  const { route, post, expectRejected } = s;
  describe('401 / 403: who asks, and for what', () => {
    it('401 unauthorized when nobody is signed in (no header, empty id)', async () => {
      const url = await route();
      await expectRejected(await post(url, undefined, { event: 'password_reset' }), 401, 'unauthorized');
      await expectRejected(await post(url, '', { event: 'password_reset' }), 401, 'unauthorized');
    });

    it('checks identity before the allow-list: a signed-out caller learns nothing about events', async () => {
      const url = await route();
      await expectRejected(await post(url, undefined, { event: 'no_such_event' }), 401, 'unauthorized');
    });

    it('403 event_not_allowed for an unknown event and for Object.prototype names', async () => {
      const url = await route();
      for (const event of ['no_such_event', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
        await expectRejected(await post(url, 'u_403', { event }), 403, 'event_not_allowed');
      }
    });

    it('403 names the event the caller sent (a typo shows), escaped and capped, and never lists the allowed ones', async () => {
      const url = await route();
      const typo = await post(url, 'u_403', { event: 'order_shiped' });
      await expectRejected(typo, 403, 'event_not_allowed');
      expect(typo.json.error.message).toBe('The event "order_shiped" cannot be sent from here.');
      expect(typo.text).not.toContain('order_shipped');
      expect(typo.text).not.toContain('password_reset');
      const hostile = `<img src=x onerror=alert(1)>"\n${'x'.repeat(200)}`;
      const res = await post(url, 'u_403', { event: hostile });
      await expectRejected(res, 403, 'event_not_allowed');
      expect(res.text).not.toContain('<img');
      expect(res.text).not.toContain('x'.repeat(65));
      expect(res.json.error.message).toBe(`The event "\\u003cimg src=x onerror=alert(1)\\u003e\\"\\n${'x'.repeat(34)}…" cannot be sent from here.`);
    });
  });
}
