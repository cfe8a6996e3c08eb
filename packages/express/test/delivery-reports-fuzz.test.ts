/**
 * Fuzzes both delivery-report receivers (the web-standard handler directly, and `deliveryReports()`
 * over HTTP on Express 5) with hostile bodies, signatures, tokens and headers: never a 5xx, every
 * unsigned request a 4xx, and `onReport` only ever called for a request whose signature is valid.
 */
import { createHmac } from 'node:crypto';
import { createDeliveryReportHandler } from '@fyno-kit/core/webhooks';
import express from 'express';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliveryReports, keepRawBody } from '../src/index';
import { listen } from './helpers';

const SECRET = 'whsec_fuzz_not_a_secret';
const RUNS = 1_000;
// A thousand real requests: seconds on a quiet machine, far more on a loaded one.
const FUZZ_TIMEOUT_MS = 120_000;
const hmac = (body: Uint8Array, secret = SECRET) => createHmac('sha256', secret).update(body).digest();

interface FuzzRequest {
  id: string;
  method: string;
  query: string;
  contentType: string | undefined;
  body: Uint8Array | undefined;
  signature: string | undefined;
  headers: Record<string, string>;
}

const printable = (maxLength: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });
const reportJson = fc
  .record(
    {
      msg_id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      status: fc.oneof(fc.constantFrom('DELIVERED', 'READ', 'FAILED', 'Processed', ''), fc.string(), fc.array(fc.string())),
      custom_id: fc.oneof(fc.string(), fc.double(), fc.object()),
      callback: fc.jsonValue(),
      // Computed keys: own properties named like prototype members, as JSON.parse makes them.
      ['__proto__']: fc.jsonValue(),
      ['constructor']: fc.jsonValue(),
    },
    { requiredKeys: [] },
  )
  .map((v) => JSON.stringify(v));
const text = fc.oneof(
  reportJson,
  fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
  reportJson.chain((json) => fc.nat({ max: json.length }).map((cut) => json.slice(0, cut))),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('', '{', 'msg_id=a&status=READ', 'a=%ZZ', '\u0000', '{"status":"READ"}\u0000', 'null'),
);
const body = fc.oneof(
  { weight: 5, arbitrary: text.map((t) => new TextEncoder().encode(t)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
// Signatures from nonsense to nearly right; `valid` is replaced by the real HMAC of the body.
const signatureKind = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'valid' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'valid-base64' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'wrong-secret' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'flipped' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: printable(90).map((value) => ({ kind: 'text' as const, value })) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => ({ kind: 'text' as const, value: Buffer.from(b).toString('hex') })) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => ({ kind: 'text' as const, value: Buffer.from(b).toString('base64') })) },
);
const query = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.string({ maxLength: 600 }).map((t) => `?fyno_token=${encodeURIComponent(t)}`) },
  { weight: 1, arbitrary: printable(40).map((q) => `?${q.replace(/[#\s]/g, '')}`) },
);
const headerName = fc.oneof(
  fc.constantFrom('content-encoding', 'content-length-x', 'x-fyno-hmac-signature-2', 'authorization', 'x-forwarded-for', 'cookie'),
  printable(10)
    .filter((s) => /^[a-z0-9-]+$/.test(s))
    .map((s) => `x-f-${s}`),
);

const request: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method: fc.oneof(
      { weight: 8, arbitrary: fc.constant('POST') },
      { weight: 2, arbitrary: fc.constantFrom('GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') },
    ),
    query,
    contentType: fc.option(
      fc.constantFrom(
        'application/json',
        'application/x-www-form-urlencoded',
        'text/plain',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        '',
      ),
      { nil: undefined },
    ),
    body,
    signature: signatureKind,
    headers: fc.dictionary(
      headerName,
      printable(40).map((s) => s.trim()),
      { maxKeys: 4 },
    ),
    id: fc.uuid(),
  })
  .map((r) => {
    const bytes = r.body ?? new Uint8Array(0);
    const sig = r.signature;
    let signature: string | undefined;
    if (sig.kind === 'valid') signature = hmac(bytes).toString('hex');
    else if (sig.kind === 'valid-base64') signature = hmac(bytes).toString('base64');
    else if (sig.kind === 'wrong-secret') signature = hmac(bytes, 'another-secret').toString('hex');
    else if (sig.kind === 'flipped') {
      const mac = hmac(bytes);
      mac[bytes.length % 32] = mac[bytes.length % 32]! ^ 1;
      signature = mac.toString('hex');
    } else if (sig.kind === 'text') signature = sig.value;
    return { ...r, signature };
  });

/** Independent oracle: is this header a valid signature of these bytes (hex or base64, optional sha256=)? */
function validlySigned(r: FuzzRequest): boolean {
  if (r.signature === undefined || r.body === undefined || r.body.length === 0) return false;
  const value = r.signature.trim().replace(/^sha256=/i, '');
  const mac = hmac(r.body);
  return (
    value.toLowerCase() === mac.toString('hex') || value.replace(/=$/, '') === mac.toString('base64').replace(/=$/, '') || value === mac.toString('base64url')
  );
}
const hasToken = (r: FuzzRequest) => new URLSearchParams(r.query.slice(1)).has('fyno_token');
const carriesBody = (r: FuzzRequest) => r.method !== 'GET' && r.method !== 'HEAD' && r.body !== undefined;

function headersOf(r: FuzzRequest): Record<string, string> {
  const out: Record<string, string> = { ...r.headers, 'x-fuzz-id': r.id };
  if (r.contentType !== undefined) out['content-type'] = r.contentType;
  if (r.signature !== undefined) out['x-fyno-hmac-signature'] = r.signature;
  return out;
}

const statusesSeen = new Set<number>();
function check(r: FuzzRequest, status: number, called: Set<string>): void {
  statusesSeen.add(status);
  expect(status).toBeLessThan(500);
  const handshake = hasToken(r) && ['GET', 'HEAD', 'POST'].includes(r.method);
  const signed = carriesBody(r) && validlySigned(r);
  if (!handshake && !signed) expect(status).toBeGreaterThanOrEqual(400);
  if (!signed || handshake) expect(called.has(r.id)).toBe(false);
  if (status === 401) expect(called.has(r.id)).toBe(false);
}

describe('fuzz: hostile requests at the delivery-report receivers', () => {
  it(
    `web-standard handler (${RUNS} runs): 0 5xx, onReport only for valid signatures`,
    async () => {
      const called = new Set<string>();
      const handler = createDeliveryReportHandler({
        secret: SECRET,
        onReport: (_report, request) => void called.add(request.headers.get('x-fuzz-id') ?? 'missing'),
        onError: (error) => {
          throw new Error(`onError must not be reached: ${String(error)}`);
        },
      });
      statusesSeen.clear();
      let signedSeen = 0;
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const res = await handler(
            new Request(`https://app.example/api/fyno/reports${r.query}`, {
              method: r.method,
              headers: headersOf(r),
              ...(carriesBody(r) ? { body: r.body as BodyInit } : {}),
            }),
          );
          if (carriesBody(r) && validlySigned(r) && !hasToken(r)) signedSeen++;
          check(r, res.status, called);
        }),
        { numRuns: RUNS },
      );
      // The generators reach every stage: handshake, method, signature, parse and onReport.
      for (const status of [200, 400, 401, 405]) expect(statusesSeen).toContain(status);
      expect(signedSeen).toBeGreaterThan(50);
      expect(called.size).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT_MS,
  );

  it.each([
    ['alone', false],
    ['after express.json({ verify: keepRawBody })', true],
  ])(
    `Express 5 over HTTP, receiver %s (${RUNS} runs): 0 5xx, onReport only for valid signatures`,
    async (_name, jsonFirst) => {
      const called = new Set<string>();
      const app = express();
      if (jsonFirst) app.use(express.json({ verify: keepRawBody, limit: '2mb' }));
      app.use('/api/fyno/reports', deliveryReports({ secret: SECRET, onReport: (_report, req) => void called.add(String(req.headers['x-fuzz-id'])) }));
      app.use(((error, _req, res, _next) => {
        // The app's own parser may refuse a body first (bad JSON, an unknown charset): a 4xx, and fine.
        const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 599;
        res.status(status).json({ unexpected: String(error) });
      }) as express.ErrorRequestHandler);
      const server = await listen(app);
      statusesSeen.clear();
      try {
        await fc.assert(
          fc.asyncProperty(request, async (r) => {
            const res = await fetch(`${server.origin}/api/fyno/reports${r.query}`, {
              method: r.method,
              headers: headersOf(r),
              ...(carriesBody(r) ? { body: r.body as BodyInit } : {}),
            });
            await res.arrayBuffer();
            check(r, res.status, called);
          }),
          { numRuns: RUNS },
        );
        for (const status of [200, 400, 401, 405]) expect(statusesSeen).toContain(status);
        expect(called.size).toBeGreaterThan(0);
      } finally {
        await server.close();
      }
    },
    FUZZ_TIMEOUT_MS,
  );
});
