/** 400: the body's shape, JSON, recipients and data, each refused with its own code. */
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context';

export function bodyCases(s: SuiteContext): void {
  const { route, send, post, expectRejected } = s;
  describe('400: the body', () => {
    it('forbidden_field for `to` or `distinct_id`, whatever their value', async () => {
      const url = await route();
      await expectRejected(await post(url, 'u_400', { event: 'password_reset', to: { email: 'x@evil.example' } }), 400, 'forbidden_field');
      await expectRejected(await post(url, 'u_400', { event: 'password_reset', distinct_id: 'someone_else' }), 400, 'forbidden_field');
      await expectRejected(await post(url, 'u_400', { event: 'password_reset', to: null }), 400, 'forbidden_field');
    });

    it('invalid_body for unknown keys and wrong shapes', async () => {
      const url = await route();
      const bodies = [
        '{"event":"password_reset","extra":1}',
        '{"event":"password_reset","callback":{"custom_id":"x"}}',
        '{"event":"password_reset","__proto__":{"admin":true}}',
        '{}',
        '{"event":1}',
        '{"event":""}',
        '[]',
        'null',
        '"password_reset"',
        '42',
        `{"event":"password_reset","data":{"a":${'['.repeat(100)}${']'.repeat(100)}}}`,
      ];
      for (const body of bodies) await expectRejected(await send(url, { user: 'u_400', body }), 400, 'invalid_body');
    });

    it('invalid_json for malformed JSON, an empty body and bytes that are not UTF-8', async () => {
      const url = await route();
      for (const body of ['{', '{"event":"password_reset",}', 'not json', '']) {
        await expectRejected(await send(url, { user: 'u_400', body }), 400, 'invalid_json');
      }
      await expectRejected(await send(url, { user: 'u_400', body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }), 400, 'invalid_json');
    });

    it('invalid_data for data that is not a JSON object', async () => {
      const url = await route();
      for (const data of [[], 'text', 1, true, null]) {
        await expectRejected(await post(url, 'u_data', { event: 'password_reset', data }), 400, 'invalid_data');
      }
    });

    it('invalid_data with a short message when the schema rejects, without echoing the input', async () => {
      const url = await route();
      const huge = 'Z'.repeat(8_000);
      for (const data of [{ order: 5 }, {}, undefined, { order: { huge } }]) {
        const res = await post(url, 'u_zod', { event: 'order_shipped', data });
        await expectRejected(res, 400, 'invalid_data');
        expect(res.json.error.message.length).toBeLessThanOrEqual(200);
        expect(res.text).not.toContain('ZZZZ');
        expect(res.text).not.toMatch(/\n\s+at /);
      }
    });
  });
}
