/**
 * `deliveryReports()` on Fastify 5 over real sockets: signatures (hex and base64), the `fyno_token`
 * handshake, refusals that never reach `onReport`, an app-wide JSON parser, the cap, and a failing
 * `onReport` answered 500 without reaching the app's error handler.
 */
import { createHmac } from 'node:crypto';
import type { DeliveryReport } from '@fyno-kit/core/webhooks';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { deliveryReports } from '../src/index';
import { listen } from './helpers';

const SECRET = 'whsec_fastify_test_not_a_secret';
const sign = (body: string, secret = SECRET, encoding: 'hex' | 'base64' = 'hex') => createHmac('sha256', secret).update(body).digest(encoding);
const REPORT = JSON.stringify({ msg_id: 'req-1:0001', status: 'DELIVERED', channel: 'email', custom_id: 'order-A1', extra: { nested: true } });
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function serve(options: { onReport?: (r: DeliveryReport) => void | Promise<void>; appJsonParser?: boolean; maxBodyBytes?: number } = {}) {
  const app = Fastify();
  const reports: DeliveryReport[] = [];
  const appErrors: unknown[] = [];
  const handled: unknown[] = [];
  app.setErrorHandler((error, _request, reply) => {
    appErrors.push(error);
    void reply.code(500).send({ handledBy: 'app' });
  });
  // An app-wide parser of its own, as apps often have: the receiver must still see the raw bytes.
  if (options.appJsonParser)
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, { parsedByApp: String(body).length }));
  await app.register(
    deliveryReports({
      secret: SECRET,
      onReport: options.onReport ?? ((r) => void reports.push(r)),
      onError: (error) => void handled.push(error),
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    }),
    { prefix: '/fyno/reports' },
  );
  const server = await listen(app);
  closers.push(server.close);
  return { url: `${server.origin}/fyno/reports`, reports, appErrors, handled };
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('Fastify deliveryReports()', () => {
  it('takes a signed report, hex or base64, JSON or form-encoded, even behind an app-wide JSON parser', async () => {
    for (const appJsonParser of [false, true]) {
      const { url, reports, appErrors } = await serve({ appJsonParser });
      for (const encoding of ['hex', 'base64'] as const) {
        const res = await post(url, REPORT, { 'x-fyno-hmac-signature': sign(REPORT, SECRET, encoding) });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ received: true, key: 'req-1:0001#DELIVERED' });
      }
      const form = 'msg_id=req-2%3A0001&status=READ&channel=inapp';
      const formRes = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-fyno-hmac-signature': sign(form) },
        body: form,
      });
      expect(formRes.status).toBe(200);
      expect(reports.map((r) => r.key)).toEqual(['req-1:0001#DELIVERED', 'req-1:0001#DELIVERED', 'req-2:0001#READ']);
      expect(reports[0]).toMatchObject({ custom_id: 'order-A1', raw: { extra: { nested: true } } });
      expect(appErrors).toEqual([]);
    }
  });

  it.each([
    ['a wrong secret', REPORT, { 'x-fyno-hmac-signature': sign(REPORT, 'wrong-secret') }],
    ['a tampered byte', REPORT.replace('A1', 'A2'), { 'x-fyno-hmac-signature': sign(REPORT) }],
    ['a missing header', REPORT, {}],
    ['an empty body', '', { 'x-fyno-hmac-signature': sign('') }],
  ])('%s → 401, onReport not called', async (_name, body, headers) => {
    const { url, reports, appErrors } = await serve();
    const res = await post(url, body, headers);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
    expect(reports).toEqual([]);
    expect(appErrors).toEqual([]);
  });

  it('answers the fyno_token verification call, and 405 for other methods', async () => {
    const { url, reports } = await serve();
    const verify = await fetch(`${url}?fyno_token=tok_123`);
    expect(verify.status).toBe(200);
    expect(await verify.text()).toContain('tok_123');
    const put = await fetch(url, { method: 'PUT', body: REPORT, headers: { 'content-type': 'application/json' } });
    expect(put.status).toBe(405);
    expect(reports).toEqual([]);
  });

  it("a body over the cap → 413 in the receiver's shape, onReport not called", async () => {
    const { url, reports, appErrors } = await serve({ maxBodyBytes: 256 });
    const big = JSON.stringify({ msg_id: 'x', status: 'DELIVERED', pad: 'p'.repeat(1_000) });
    const res = await post(url, big, { 'x-fyno-hmac-signature': sign(big) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(reports).toEqual([]);
    expect(appErrors).toEqual([]);
  });

  it('onReport throwing → 500 (so Fyno retries), the error to onError, not to the app', async () => {
    const boom = new Error('database down');
    const { url, appErrors, handled } = await serve({
      onReport: () => {
        throw boom;
      },
    });
    const res = await post(url, REPORT, { 'x-fyno-hmac-signature': sign(REPORT) });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('database down');
    expect(handled).toEqual([boom]);
    expect(appErrors).toEqual([]);
  });
});
