/**
 * The notify-route fuzz generators and oracle, shared by every adapter's fuzz test: malformed bodies,
 * odd content types, random headers and JSON shapes, and `wouldBeAccepted`, which tells the few
 * valid requests apart (those runs are skipped). Imports only fast-check and vitest.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

/** The one event the fuzzed route allows. */
export const ALLOWED = 'fuzz_allowed_event';

/** One generated request. */
export interface FuzzRequest {
  method: string;
  contentType: string | undefined;
  user: string | undefined;
  body: Uint8Array | undefined;
  headers: Record<string, string>;
}

export const printable = (maxLength: number) => fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });
const anyData = fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }));
const notAllowedEvent = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '', ALLOWED.toUpperCase(), `${ALLOWED} `),
);

// JSON shapes from "almost right" to anything; the oracle below drops the few that are valid.
export const jsonBody = fc
  .oneof(
    fc.jsonValue(),
    fc.record({ event: notAllowedEvent, data: anyData }, { requiredKeys: ['event'] }),
    fc.record({ event: fc.constant(ALLOWED), data: fc.oneof(fc.array(fc.jsonValue()), fc.string(), fc.double(), fc.boolean(), fc.constant(null)) }),
    fc.record({ event: fc.constant(ALLOWED), to: fc.jsonValue(), data: anyData }, { requiredKeys: ['event', 'to'] }),
    fc.record({ event: fc.constant(ALLOWED), distinct_id: fc.jsonValue() }),
    fc.tuple(fc.string({ minLength: 1 }), fc.jsonValue()).map(([key, value]) => ({ event: ALLOWED, [key]: value })),
    fc.record({ event: fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.string()), fc.constant(ALLOWED)) }),
  )
  .map((value) => JSON.stringify(value) ?? 'null');

const textBody = fc.oneof(
  jsonBody,
  jsonBody.chain((json) => fc.nat({ max: Math.max(0, json.length) }).map((cut) => json.slice(0, cut))),
  fc.string({ maxLength: 300 }),
  fc.constantFrom('{', '}', '[', '{"event":', '{"event":"fuzz_allowed_event",}', 'null', 'undefined', 'NaN', '{"event":"fuzz_allowed_event"}\u0000'),
  fc.nat({ max: 3 }).map((extra) => JSON.stringify({ event: ALLOWED, data: { pad: 'p'.repeat(16_384 + extra) } })),
);

const body = fc.oneof(
  { weight: 5, arbitrary: textBody.map((text) => new TextEncoder().encode(text)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON;CHARSET="UTF-8"') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      'application/json; charset=latin1',
      'application/json; foo=bar',
      'application/jsonx',
      'application/vnd.api+json',
      'json',
      '*/*',
      '',
    ),
  },
  { weight: 1, arbitrary: printable(40) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

// Names fetch lets a caller set, with values it accepts.
const headerName = fc.oneof(
  fc.constantFrom('idempotency-key', 'accept', 'origin', 'cookie', 'authorization', 'content-encoding', 'x-forwarded-for', 'referer', 'user-agent'),
  printable(12)
    .filter((s) => /^[a-z0-9-]+$/.test(s))
    .map((s) => `x-f-${s}`),
);
const headers = fc.dictionary(headerName, printable(60), { maxKeys: 5 });

/** A request from almost right to anything. */
export const request: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, { weight: 2, arbitrary: fc.constantFrom('GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') }),
  contentType,
  // Signed out one time in three, so the checks after identify are reached often enough.
  user: fc.option(printable(20), { nil: undefined, freq: 2 }),
  body,
  headers,
});

/** True when the route must accept the request (the generators rarely make one; such runs are skipped). */
export function wouldBeAccepted(r: FuzzRequest): boolean {
  if (r.method !== 'POST' || r.body === undefined || !r.user) return false;
  if (!/^application\/json(\s*;\s*charset="?utf-8"?)?$/i.test(r.contentType ?? '')) return false;
  const encoding = r.headers['content-encoding'];
  if (encoding !== undefined && !/^\s*(identity)?\s*$/i.test(encoding)) return false;
  const key = r.headers['idempotency-key'];
  if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key)) return false;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(r.body));
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.some((k) => k !== 'event' && k !== 'data')) return false;
  const v = value as { event?: unknown; data?: unknown };
  if (v.event !== ALLOWED) return false;
  return v.data === undefined || (typeof v.data === 'object' && v.data !== null && !Array.isArray(v.data));
}

// Proof the generators reach every stage of the route, not just the first check.
export const DEEP_CODES = [
  'method_not_allowed',
  'unsupported_media_type',
  'payload_too_large',
  'invalid_json',
  'invalid_body',
  'forbidden_field',
  'unauthorized',
  'event_not_allowed',
  'invalid_data',
];
const utf8 = (text: string) => new TextEncoder().encode(text);
const asked = (body: string | undefined, extra: Partial<FuzzRequest> = {}): FuzzRequest => ({
  method: 'POST',
  contentType: 'application/json',
  user: 'u_fuzz',
  body: body === undefined ? undefined : utf8(body),
  headers: {},
  ...extra,
});

/**
 * One request per code of `DEEP_CODES`, run first by every fuzz (fast-check's `examples`), so that
 * reaching every stage of the route does not depend on the random draw.
 */
export const DEEP_EXAMPLES: ReadonlyArray<[FuzzRequest]> = [
  asked(undefined, { method: 'GET' }),
  asked(`{"event":"${ALLOWED}"}`, { contentType: 'text/plain' }),
  asked(JSON.stringify({ event: ALLOWED, data: { pad: 'p'.repeat(16_400) } })),
  asked('{'),
  asked('[]'),
  asked(`{"event":"${ALLOWED}","to":{}}`),
  asked(`{"event":"${ALLOWED}"}`, { user: undefined }),
  asked('{"event":"not_allowed_here"}'),
  asked(`{"event":"${ALLOWED}","data":[]}`),
].map((r) => [r]);

/**
 * Checks one answer: a 4xx JSON error with a documented code and no key. `codesSeen` records the
 * codes, to prove the generators reach every stage of the route.
 */
export function answerChecker(apiKey: string, codes: readonly string[]) {
  const codesSeen = new Set<string>();
  return {
    codesSeen,
    check(status: number, contentTypeHeader: string | null, text: string): void {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(contentTypeHeader).toBe('application/json; charset=utf-8');
      expect(text).not.toContain(apiKey);
      const json = JSON.parse(text) as { error: { code: string; message: string } };
      expect(Object.keys(json)).toEqual(['error']);
      expect(codes).toContain(json.error.code);
      codesSeen.add(json.error.code);
      expect(typeof json.error.message).toBe('string');
    },
  };
}

/** The request's headers, with its Content-Type and user. */
export function headersOf(r: FuzzRequest): Record<string, string> {
  const out: Record<string, string> = { ...r.headers };
  if (r.contentType !== undefined) out['content-type'] = r.contentType;
  if (r.user !== undefined) out['x-test-user'] = r.user;
  return out;
}

/**
 * The fuzzed route's policy: the user from `x-test-user` (a Node request's headers or a web
 * `Headers`), one allowed event, no rate limit, and an `onError` that fails the test, since no
 * rejected request may reach it. Cast it to the adapter's policy type.
 */
export function fuzzPolicy(client: unknown) {
  return {
    identify: (request: { headers: unknown }): string | null => {
      const h = request.headers as { get?: (name: string) => string | null } & Record<string, unknown>;
      const user = typeof h.get === 'function' ? h.get('x-test-user') : h['x-test-user'];
      return typeof user === 'string' ? user : null;
    },
    events: { [ALLOWED]: {} },
    client,
    rateLimit: false as const,
    onError: (error: unknown) => {
      throw new Error(`onError must not be reached by a rejected request: ${String(error)}`);
    },
  };
}
