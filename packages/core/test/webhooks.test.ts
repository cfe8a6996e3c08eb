/**
 * Delivery reports in core: signature vectors (hex and base64, RFC 4231 and our own), the tolerant
 * parser, and the web-standard receiver driven with real `Request` objects.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createDeliveryReportHandler,
  DeliveryReportParseError,
  FynoSignatureError,
  parseDeliveryReport,
  verifyDeliveryReport,
  type DeliveryReport,
} from '../src/webhooks/index';
import { FynoError } from '../src/errors';

const SECRET = 'whsec_test_not_a_real_secret';
// The HMAC here comes from node:crypto, an implementation independent of the Web Crypto code under test.
const sign = (body: string | Buffer, secret = SECRET, encoding: 'hex' | 'base64' | 'base64url' = 'hex') =>
  createHmac('sha256', secret).update(body).digest(encoding);

const REPORT = JSON.stringify({
  msg_id: '0b7d3c1e-4a5f-4d2b-9c8e-1f2a3b4c5d6e:0001',
  request_id: '0b7d3c1e-4a5f-4d2b-9c8e-1f2a3b4c5d6e',
  status: 'DELIVERED',
  channel: 'email',
  destination: 'ana@example.com',
  event: 'order_shipped',
  custom_id: 'order-A1',
  custom1: 'u_ana',
  provider: 'ses',
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('verifyDeliveryReport', () => {
  it('accepts RFC 4231 test case 2 in hex, base64 and base64url', async () => {
    const data = 'what do ya want for nothing?';
    await verifyDeliveryReport(data, '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843', 'Jefe');
    await verifyDeliveryReport(data, '5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843', 'Jefe');
    await verifyDeliveryReport(data, 'W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=', 'Jefe');
    await verifyDeliveryReport(data, 'W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM', 'Jefe');
    await verifyDeliveryReport(new TextEncoder().encode(data), 'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843', 'Jefe');
  });

  it('accepts a body given as text, Buffer, Uint8Array or ArrayBuffer, and a rotated secret list', async () => {
    const bytes = Buffer.from(REPORT);
    await verifyDeliveryReport(REPORT, sign(REPORT), SECRET);
    await verifyDeliveryReport(bytes, sign(REPORT, SECRET, 'base64'), SECRET);
    await verifyDeliveryReport(new Uint8Array(bytes), sign(REPORT, SECRET, 'base64url'), SECRET);
    await verifyDeliveryReport(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), sign(REPORT), SECRET);
    await verifyDeliveryReport(REPORT, sign(REPORT, 'new-secret'), ['old-secret', 'new-secret']);
  });

  it.each([
    ['a wrong secret', REPORT, sign(REPORT, 'not-the-secret'), 'signature_mismatch'],
    ['a tampered byte', REPORT.replace('DELIVERED', 'DELIVERES'), sign(REPORT), 'signature_mismatch'],
    ['a tampered signature', REPORT, sign(REPORT).replace(/^./, (c) => (c === '0' ? '1' : '0')), 'signature_mismatch'],
    ['a missing header', REPORT, undefined, 'missing_signature'],
    ['a null header', REPORT, null, 'missing_signature'],
    ['a blank header', REPORT, '   ', 'missing_signature'],
    ['an empty body', '', sign(''), 'empty_body'],
    ['a truncated signature', REPORT, sign(REPORT).slice(0, 63), 'malformed_signature'],
    ['a SHA-1 length signature', REPORT, createHmac('sha1', SECRET).update(REPORT).digest('hex'), 'malformed_signature'],
    ['non-hex text', REPORT, 'z'.repeat(64), 'malformed_signature'],
  ] as const)('rejects %s with a typed FynoSignatureError', async (_name, body, header, reason) => {
    const error = await rejection(verifyDeliveryReport(body, header, SECRET));
    expect(error).toBeInstanceOf(FynoSignatureError);
    expect(error).toBeInstanceOf(FynoError);
    expect(error).toMatchObject({ code: 'invalid_signature', reason });
    expect(String((error as Error).message)).not.toContain(SECRET);
    expect(String((error as Error).message)).not.toContain(sign(body));
  });

  it('honours the secrets it is given on each call: a secret removed from the same list stops verifying', async () => {
    const secrets = ['old-compromised', 'new-secret'];
    await verifyDeliveryReport(REPORT, sign(REPORT, 'old-compromised'), secrets);
    secrets.splice(0, 1);
    const error = await rejection(verifyDeliveryReport(REPORT, sign(REPORT, 'old-compromised'), secrets));
    expect(error).toMatchObject({ reason: 'signature_mismatch' });
    await verifyDeliveryReport(REPORT, sign(REPORT, 'new-secret'), secrets);
    // Bytes overwritten in place are the new content, too.
    const bytes = new TextEncoder().encode('byte-secret-1');
    await verifyDeliveryReport(REPORT, sign(REPORT, 'byte-secret-1'), [bytes]);
    bytes.set(new TextEncoder().encode('byte-secret-2'));
    expect(await rejection(verifyDeliveryReport(REPORT, sign(REPORT, 'byte-secret-1'), [bytes]))).toMatchObject({ reason: 'signature_mismatch' });
    await verifyDeliveryReport(REPORT, sign(REPORT, 'byte-secret-2'), [bytes]);
  });

  it('refuses a parsed object with a message that says what to pass instead', async () => {
    const error = await rejection(verifyDeliveryReport(JSON.parse(REPORT) as never, sign(REPORT), SECRET));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/raw request body/);
    expect((error as Error).message).toMatch(/express\.json\(\{ verify: keepRawBody \}\)/);
    expect((error as Error).message).toMatch(/request\.text\(\)/);
  });

  it('refuses a missing or empty secret at once', async () => {
    for (const secret of ['', [], undefined, [''], ['ok', '']]) {
      await expect(verifyDeliveryReport(REPORT, sign(REPORT), secret as never)).rejects.toThrow(/secret is missing or empty/);
    }
  });
});

describe('parseDeliveryReport', () => {
  it('types the known fields, keeps every field in raw, and keys on msg_id + status', () => {
    const report = parseDeliveryReport(REPORT);
    expect(report).toMatchObject({
      key: '0b7d3c1e-4a5f-4d2b-9c8e-1f2a3b4c5d6e:0001#DELIVERED',
      msg_id: '0b7d3c1e-4a5f-4d2b-9c8e-1f2a3b4c5d6e:0001',
      status: 'DELIVERED',
      channel: 'email',
      custom_id: 'order-A1',
      custom1: 'u_ana',
    });
    expect(report.raw.provider).toBe('ses');
  });

  it("never gives two different reports one key, and keeps today's key when no field holds a #", () => {
    const key = (msg_id: string, status: string) => parseDeliveryReport({ msg_id, status }).key;
    expect(key('a#B', 'C')).not.toBe(key('a', 'B#C'));
    expect(key('a#B', 'C')).toBe('a%23B##C');
    expect(key('a', 'B#C')).toBe('a##B%23C');
    // A plain key spelling an escaped one, or a `%` next to a `#`, stays apart too.
    expect(new Set([key('a%23B', 'C'), key('a#B', 'C'), key('a%', '#'), key('a', '%#'), key('a%23B#', 'C')]).size).toBe(5);
    // Unchanged for every report without a #, `%` included: keys users already stored still match.
    expect(key('req-1:0001', 'delivered')).toBe('req-1:0001#DELIVERED');
    expect(key('50%off', 'READ')).toBe('50%off#READ');
  });

  it('reads a form-encoded body, by content type or by its look', () => {
    const form = 'msg_id=m%3A0001&status=Processed&custom_id=42&extra=yes';
    for (const report of [
      parseDeliveryReport(form, 'application/x-www-form-urlencoded'),
      parseDeliveryReport(form),
      parseDeliveryReport(new URLSearchParams(form)),
    ]) {
      // Fyno's casing is mixed (Processed, DELIVERED): status is upper-cased, raw keeps what was sent.
      expect(report).toMatchObject({ key: 'm:0001#PROCESSED', msg_id: 'm:0001', status: 'PROCESSED', custom_id: '42' });
      expect(report.raw.status).toBe('Processed');
      expect(report.raw.extra).toBe('yes');
    }
  });

  it('is tolerant: wrong types are left out, custom fields may sit in callback, nothing is required', () => {
    const report = parseDeliveryReport({ msg_id: 7, status: ['x'], callback: { custom_id: 99, custom2: 'c2' }, timestamp: 1_700_000_000_000 });
    expect(report.msg_id).toBeUndefined();
    expect(report.status).toBeUndefined();
    expect(report).toMatchObject({ custom_id: 99, custom2: 'c2', timestamp: 1_700_000_000_000 });
    expect(report.key).toMatch(/^body:[0-9a-f]{16}$/);
    expect(parseDeliveryReport('{}').key).toBe(parseDeliveryReport('{}').key);
    expect(parseDeliveryReport('{"a":1}').key).not.toBe(parseDeliveryReport('{"a":2}').key);
    // Own properties only: a __proto__ key is data, never the prototype.
    const proto = parseDeliveryReport('{"__proto__":{"status":"READ"},"constructor":"x"}');
    expect(proto.status).toBeUndefined();
  });

  it.each(['[1,2]', '"text"', '42', 'null', 'not json', '{"a":', '\u00ff'])('throws DeliveryReportParseError for %j', (body) => {
    expect(() => parseDeliveryReport(body)).toThrow(DeliveryReportParseError);
  });
  it('throws DeliveryReportParseError for bytes that are not UTF-8', () => {
    expect(() => parseDeliveryReport(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow(/not UTF-8/);
  });
});

describe('createDeliveryReportHandler', () => {
  const make = () => {
    const reports: DeliveryReport[] = [];
    const requests: Request[] = [];
    const handler = createDeliveryReportHandler({
      secret: SECRET,
      onReport: (report, request) => {
        reports.push(report);
        requests.push(request);
      },
    });
    return { handler, reports, requests };
  };
  const post = (body: string | undefined, headers: Record<string, string> = {}) =>
    new Request('https://app.example/api/fyno/reports', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('answers 200 to a signed report (hex or base64) and hands it to onReport with the Request', async () => {
    const { handler, reports, requests } = make();
    for (const encoding of ['hex', 'base64'] as const) {
      const request = post(REPORT, { 'x-fyno-hmac-signature': sign(REPORT, SECRET, encoding) });
      const res = await handler(request);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: true, key: '0b7d3c1e-4a5f-4d2b-9c8e-1f2a3b4c5d6e:0001#DELIVERED' });
      expect(requests.at(-1)).toBe(request);
    }
    expect(reports.map((r) => r.status)).toEqual(['DELIVERED', 'DELIVERED']);
  });

  it('reads a signed form-encoded report', async () => {
    const { handler, reports } = make();
    const form = 'msg_id=m1%3A0001&status=READ&custom_id=order-9';
    const res = await handler(post(form, { 'content-type': 'application/x-www-form-urlencoded', 'x-fyno-hmac-signature': sign(form) }));
    expect(res.status).toBe(200);
    expect(reports).toMatchObject([{ key: 'm1:0001#READ', custom_id: 'order-9' }]);
  });

  it.each([
    ['a wrong secret', REPORT, { 'x-fyno-hmac-signature': sign(REPORT, 'wrong') }],
    ['a tampered byte', REPORT.replace('ana', 'anb'), { 'x-fyno-hmac-signature': sign(REPORT) }],
    ['a missing header', REPORT, {}],
    ['an empty body', undefined, { 'x-fyno-hmac-signature': sign('') }],
    ['a malformed header', REPORT, { 'x-fyno-hmac-signature': 'hello' }],
  ])('answers 401 invalid_signature for %s, and onReport is not called', async (_name, body, headers) => {
    const { handler, reports } = make();
    const res = await handler(post(body, headers));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    expect(reports).toEqual([]);
  });

  it('tells onRefused about each refused signature, never with the secret', async () => {
    const refusals: Array<{ code: string; message: string }> = [];
    const handler = createDeliveryReportHandler({ secret: SECRET, onReport: () => {}, onRefused: (r) => refusals.push(r) });
    await handler(post(REPORT, { 'x-fyno-hmac-signature': sign(REPORT, 'wrong') }));
    await handler(post(REPORT, {}));
    expect(refusals.map((r) => r.code)).toEqual(['invalid_signature', 'invalid_signature']);
    expect(refusals[0]!.message).toMatch(/does not match/);
    expect(JSON.stringify(refusals)).not.toContain(SECRET);
  });

  it('by default warns in the app log when a wrong secret refuses reports: one line per 10 s, naming the likely cause', async () => {
    const warned: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warned.push(args.join(' '));
    try {
      const handler = createDeliveryReportHandler({ secret: SECRET, onReport: () => {} });
      for (let i = 0; i < 3; i++) expect((await handler(post(REPORT, { 'x-fyno-hmac-signature': sign(REPORT, 'wrong') }))).status).toBe(401);
    } finally {
      console.warn = original;
    }
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/delivery report refused with 401 invalid_signature.*FYNO_WEBHOOK_SECRET/);
    expect(warned[0]).not.toContain(SECRET);
  });

  it('echoes fyno_token on GET, HEAD and POST without calling onReport, as plain text', async () => {
    const { handler, reports } = make();
    const get = await handler(new Request('https://app.example/api/fyno/reports?fyno_token=tok_123%3Cb%3E'));
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('tok_123<b>');
    expect(get.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(get.headers.get('x-content-type-options')).toBe('nosniff');
    const head = await handler(new Request('https://app.example/r?fyno_token=t2', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    const viaPost = await handler(new Request('https://app.example/r?a=1&fyno_token=t3', { method: 'POST', body: '{}' }));
    expect(await viaPost.text()).toBe('t3');
    const tooLong = await handler(new Request(`https://app.example/r?fyno_token=${'x'.repeat(513)}`));
    expect(tooLong.status).toBe(400);
    const empty = await handler(new Request('https://app.example/r?fyno_token='));
    expect(empty.status).toBe(400);
    expect(reports).toEqual([]);
  });

  it('405 for other methods, 413 over maxBodyBytes, 400 for a signed body that is not a report', async () => {
    const reports: DeliveryReport[] = [];
    const handler = createDeliveryReportHandler({ secret: SECRET, maxBodyBytes: 64, onReport: (r) => void reports.push(r) });
    const get = await handler(new Request('https://app.example/r'));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const big = 'x'.repeat(65);
    expect((await handler(post(big, { 'x-fyno-hmac-signature': sign(big) }))).status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      pull: (c) => c.enqueue(new Uint8Array(32)),
    });
    const endless = new Request('https://app.example/r', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect((await handler(endless)).status).toBe(413);
    const notReport = '[1,2,3]';
    const res = await handler(post(notReport, { 'x-fyno-hmac-signature': sign(notReport) }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_report' } });
    expect(reports).toEqual([]);
  });

  it('408 request_timeout for a body that trickles past bodyTimeoutMs (the same body reader and timeout as the notify route)', async () => {
    const reports: DeliveryReport[] = [];
    const handler = createDeliveryReportHandler({ secret: SECRET, bodyTimeoutMs: 150, onReport: (r) => void reports.push(r) });
    let cancelled = false;
    const trickle = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new TextEncoder().encode('{"msg_id":')),
      cancel: () => void (cancelled = true),
    });
    const started = Date.now();
    const res = await handler(new Request('https://app.example/r', { method: 'POST', body: trickle, duplex: 'half' } as RequestInit));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.status).toBe(408);
    expect(await res.json()).toEqual({ error: { code: 'request_timeout', message: expect.any(String) } });
    // Left to the host, which closes the connection on the 408 (a cancel made Node bridges cut it first).
    expect([cancelled, res.headers.get('connection')]).toEqual([false, 'close']);
    expect(reports).toEqual([]);
  });

  it('onError means the same as on the notify route: the error and the code behind the 500', async () => {
    const seen: Array<{ error: unknown; code: string }> = [];
    const handler = createDeliveryReportHandler({
      secret: SECRET,
      onReport: () => Promise.reject(new Error('db')),
      onError: (error, info) => void seen.push({ error, code: info.code }),
    });
    expect((await handler(post(REPORT, { 'x-fyno-hmac-signature': sign(REPORT) }))).status).toBe(500);
    expect(seen).toMatchObject([{ error: { message: 'db' }, code: 'report_handler_failed' }]);
  });

  it('answers 500 when onReport throws (so Fyno sends it again) and reports the error to onError', async () => {
    const errors: unknown[] = [];
    const handler = createDeliveryReportHandler({
      secret: SECRET,
      onReport: () => {
        throw new Error('database down');
      },
      onError: (e) => errors.push(e),
    });
    const res = await handler(post(REPORT, { 'x-fyno-hmac-signature': sign(REPORT) }));
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('database down');
    expect(errors).toMatchObject([{ message: 'database down' }]);
  });

  it('refuses to start without a secret or onReport', () => {
    expect(() => createDeliveryReportHandler({ secret: process.env.UNSET_FYNO_SECRET as string, onReport: () => {} })).toThrow(/secret is missing/);
    expect(() => createDeliveryReportHandler({ secret: '', onReport: () => {} })).toThrow(/secret is missing/);
    expect(() => createDeliveryReportHandler({ secret: SECRET } as never)).toThrow(/onReport must be a function/);
  });

  it('sees each key once when the app dedupes as the docs show', async () => {
    const seen = new Set<string>();
    const handled: string[] = [];
    const handler = createDeliveryReportHandler({
      secret: SECRET,
      onReport: (report) => {
        if (seen.has(report.key)) return; // production: a unique index / INSERT … ON CONFLICT DO NOTHING
        seen.add(report.key);
        handled.push(report.key);
      },
    });
    for (let i = 0; i < 3; i++) expect((await handler(post(REPORT, { 'x-fyno-hmac-signature': sign(REPORT) }))).status).toBe(200);
    expect(handled).toEqual(['0b7d3c1e-4a5f-4d2b-9c8e-1f2a3b4c5d6e:0001#DELIVERED']);
  });
});
