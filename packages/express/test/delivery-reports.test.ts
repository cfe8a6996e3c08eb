/**
 * `deliveryReports()` on Express 4 and 5 over real sockets: signatures, the `fyno_token` handshake,
 * and the raw body after `express.json()` (kept with `keepRawBody`, or refused with the fix).
 */
import { createHmac } from 'node:crypto';
import type { DeliveryReport } from '@fyno-kit/core/webhooks';
import type { ErrorRequestHandler } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { deliveryReports, keepRawBody, RAW_BODY_FIX } from '../src/index';
import { EXPRESS_VERSIONS, listen } from './helpers';

const SECRET = 'whsec_express_test_not_a_secret';
const sign = (body: string, secret = SECRET, encoding: 'hex' | 'base64' = 'hex') => createHmac('sha256', secret).update(body).digest(encoding);
const REPORT = JSON.stringify({
  msg_id: 'req-1:0001',
  status: 'DELIVERED',
  channel: 'email',
  custom_id: 'order-A1',
  custom1: 'u_ana',
  extra: { nested: true },
});
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const post = (url: string, body: string | undefined, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe.each(EXPRESS_VERSIONS)('$name deliveryReports()', ({ express }) => {
  async function serve(setup: (app: ReturnType<typeof express>, reports: DeliveryReport[], errors: unknown[]) => void) {
    const app = express();
    const reports: DeliveryReport[] = [];
    const errors: unknown[] = [];
    setup(app, reports, errors);
    const onError: ErrorRequestHandler = (error, _req, res, _next) => {
      errors.push(error);
      res.status(500).json({ error: 'internal' });
    };
    app.use(onError);
    const server = await listen(app);
    closers.push(server.close);
    return { origin: server.origin, reports, errors };
  }
  const receiver = (reports: DeliveryReport[]) => deliveryReports({ secret: SECRET, onReport: (r) => void reports.push(r) });

  it('takes a signed report (hex or base64) and hands it to onReport with req', async () => {
    let seenPath = '';
    const { origin, reports } = await serve((app, reports) => {
      app.use(
        '/fyno/reports',
        deliveryReports({
          secret: SECRET,
          onReport: (r, req) => {
            reports.push(r);
            seenPath = req.originalUrl;
          },
        }),
      );
    });
    for (const encoding of ['hex', 'base64'] as const) {
      const res = await post(`${origin}/fyno/reports`, REPORT, { 'x-fyno-hmac-signature': sign(REPORT, SECRET, encoding) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: true, key: 'req-1:0001#DELIVERED' });
    }
    expect(reports).toMatchObject([
      { key: 'req-1:0001#DELIVERED', custom_id: 'order-A1', custom1: 'u_ana', raw: { extra: { nested: true } } },
      { key: 'req-1:0001#DELIVERED' },
    ]);
    expect(seenPath).toBe('/fyno/reports');
  });

  it.each([
    ['a wrong secret', REPORT, { 'x-fyno-hmac-signature': sign(REPORT, 'wrong-secret') }],
    ['a tampered byte', REPORT.replace('A1', 'A2'), { 'x-fyno-hmac-signature': sign(REPORT) }],
    ['a missing header', REPORT, {}],
    ['an empty body', undefined, { 'x-fyno-hmac-signature': sign('') }],
  ])('401 for %s, and onReport is not called', async (_name, body, headers) => {
    const { origin, reports } = await serve((app, reports) => app.use('/r', receiver(reports)));
    const res = await post(`${origin}/r`, body, headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    expect(reports).toEqual([]);
  });

  it('echoes fyno_token on the verification GET (and only on the mount path)', async () => {
    const { origin, reports } = await serve((app, reports) => app.use('/fyno/reports', receiver(reports)));
    const res = await fetch(`${origin}/fyno/reports?fyno_token=verify-me-123`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('verify-me-123');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${origin}/fyno/reports/other?fyno_token=x`)).status).toBe(404);
    expect((await fetch(`${origin}/fyno/reports`)).status).toBe(405);
    expect(reports).toEqual([]);
  });

  it('verifies after express.json() when the bytes are kept with keepRawBody, for JSON and forms', async () => {
    const { origin, reports } = await serve((app, reports) => {
      app.use(express.json({ verify: keepRawBody }));
      app.use(express.urlencoded({ extended: false, verify: keepRawBody }));
      app.use('/r', receiver(reports));
    });
    expect((await post(`${origin}/r`, REPORT, { 'x-fyno-hmac-signature': sign(REPORT) })).status).toBe(200);
    const form = 'msg_id=f%3A0002&status=READ';
    const formRes = await post(`${origin}/r`, form, { 'content-type': 'application/x-www-form-urlencoded', 'x-fyno-hmac-signature': sign(form) });
    expect(formRes.status).toBe(200);
    expect((await post(`${origin}/r`, REPORT, { 'x-fyno-hmac-signature': sign(REPORT, 'wrong') })).status).toBe(401);
    expect(reports.map((r) => r.key)).toEqual(['req-1:0001#DELIVERED', 'f:0002#READ']);
  });

  it('after a plain express.json() it answers 500 raw_body_unavailable in its JSON shape (never next(err)), and onReport is not called', async () => {
    const handled: Array<{ error: unknown; code: string }> = [];
    const { origin, reports, errors } = await serve((app, reports) => {
      app.use(express.json());
      app.use(
        '/r',
        deliveryReports({ secret: SECRET, onReport: (r) => void reports.push(r), onError: (error, { code }) => void handled.push({ error, code }) }),
      );
    });
    for (let i = 0; i < 3; i++) {
      const res = await post(`${origin}/r`, REPORT, { 'x-fyno-hmac-signature': sign(REPORT) });
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toEqual({ error: { code: 'raw_body_unavailable', message: 'The report could not be verified' } });
    }
    expect(errors).toEqual([]);
    // The fix is written once per process (delivery-reports-raw-body.test.ts): here at most once.
    expect(handled.length).toBeLessThanOrEqual(1);
    for (const { error, code } of handled) expect({ message: (error as Error).message, code }).toEqual({ message: RAW_BODY_FIX, code: 'raw_body_unavailable' });
    expect(RAW_BODY_FIX).toMatch(/express\.json\(\{ verify: keepRawBody \}\)/);
    expect(reports).toEqual([]);
    // A body express.json() does not parse (a form) is still read raw and verified.
    const form = 'msg_id=g%3A0003&status=FAILED';
    const formRes = await post(`${origin}/r`, form, { 'content-type': 'application/x-www-form-urlencoded', 'x-fyno-hmac-signature': sign(form) });
    expect(formRes.status).toBe(200);
    expect(reports.map((r) => r.key)).toEqual(['g:0003#FAILED']);
  });

  it('verifies after express.raw() (the bytes are the body)', async () => {
    const { origin, reports } = await serve((app, reports) => {
      app.use(express.raw({ type: '*/*' }));
      app.post('/r', receiver(reports));
    });
    expect((await post(`${origin}/r`, REPORT, { 'x-fyno-hmac-signature': sign(REPORT) })).status).toBe(200);
    expect(reports).toHaveLength(1);
  });

  it('gives what onReport throws to onError with a JSON 500 (never next(err)), and answers 413 over maxBodyBytes', async () => {
    const handled: unknown[] = [];
    const { origin, errors } = await serve((app) => {
      app.use('/boom', deliveryReports({ secret: SECRET, onReport: () => Promise.reject(new Error('db down')), onError: (error) => void handled.push(error) }));
      app.use('/small', deliveryReports({ secret: SECRET, maxBodyBytes: 16, onReport: () => {} }));
    });
    const boom = await post(`${origin}/boom`, REPORT, { 'x-fyno-hmac-signature': sign(REPORT) });
    expect(boom.status).toBe(500);
    expect(await boom.json()).toEqual({ error: { code: 'report_handler_failed', message: expect.any(String) } });
    expect(handled).toMatchObject([{ message: 'db down' }]);
    expect(errors).toEqual([]);
    expect((await post(`${origin}/small`, REPORT, { 'x-fyno-hmac-signature': sign(REPORT) })).status).toBe(413);
  });

  it('rotates a secret without a restart: a list edited in place and a function are read on each report', async () => {
    const list = ['whsec_old_compromised', SECRET];
    let current: string[] = ['whsec_old_compromised', SECRET];
    const { origin, reports } = await serve((app, reports) => {
      app.use('/by-list', deliveryReports({ secret: list, onReport: (r) => void reports.push(r) }));
      app.use('/by-function', deliveryReports({ secret: () => current, onReport: (r) => void reports.push(r) }));
    });
    const byOld = { 'x-fyno-hmac-signature': sign(REPORT, 'whsec_old_compromised') };
    for (const path of ['/by-list', '/by-function']) expect((await post(`${origin}${path}`, REPORT, byOld)).status).toBe(200);
    list.splice(0, 1);
    current = [SECRET];
    for (const path of ['/by-list', '/by-function']) {
      const refused = await post(`${origin}${path}`, REPORT, byOld);
      expect(refused.status).toBe(401);
      expect((await refused.json()).error.code).toBe('invalid_signature');
      expect((await post(`${origin}${path}`, REPORT, { 'x-fyno-hmac-signature': sign(REPORT) })).status).toBe(200);
    }
    expect(reports).toHaveLength(4);
  });

  it('gives two crafted reports (a#B + C, a + B#C) two dedupe keys', async () => {
    const { origin, reports } = await serve((app, reports) => void app.use('/fyno/reports', receiver(reports)));
    const keys: string[] = [];
    for (const body of [JSON.stringify({ msg_id: 'a#B', status: 'C' }), JSON.stringify({ msg_id: 'a', status: 'B#C' })]) {
      const res = await post(`${origin}/fyno/reports`, body, { 'x-fyno-hmac-signature': sign(body) });
      expect(res.status).toBe(200);
      keys.push((await res.json()).key);
    }
    expect(keys).toEqual(['a%23B##C', 'a##B%23C']);
    expect(reports.map((r) => r.key)).toEqual(keys);
  });

  it('fails at start-up without a secret', () => {
    expect(() => deliveryReports({ secret: process.env.FYNO_UNSET_WEBHOOK_SECRET as string, onReport: () => {} })).toThrow(/secret is missing/);
  });
});
