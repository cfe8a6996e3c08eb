/** The small parts of the route: Content-Type gate, rate limiter, key rules, upstream classification. */
import { describe, expect, it } from 'vitest';
import {
  FynoAuthenticationError,
  FynoBadRequestError,
  FynoConnectionError,
  FynoRateLimitError,
  FynoServerError,
  FynoTimeoutError,
  FynoValidationError,
} from '../src/errors';
import { isJsonContentType } from '../src/server/content-type';
import { isValidIdempotencyKey, namespacedIdempotencyKey } from '../src/server/idempotency-key';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { measureParsedBody } from '../src/server/body';
import { defaultLogLine, escapeLogText } from '../src/server/log-line';
import { classifyParserError, isParserError } from '../src/server/parser-error';
import { createRouteLimiter, RateLimiter, storeLimiter } from '../src/server/rate-limiter';
import { classifyUpstreamError } from '../src/server/upstream-error';

describe('isJsonContentType', () => {
  it.each(['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/json ;'])(
    'accepts %s',
    (t) => expect(isJsonContentType(t)).toBe(true),
  );
  it.each([
    undefined,
    '',
    'text/plain',
    'application/json; charset=latin1',
    'application/json; q=1',
    'application/jsonp',
    'application/ld+json',
    'multipart/form-data',
  ])('refuses %s', (t) => expect(isJsonContentType(t)).toBe(false));
});

describe('RateLimiter', () => {
  it('allows `limit` per window per key, then says how long to wait, then resets', async () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 10_000 });
    expect(await limiter.take('a', 0)).toEqual({ allowed: true });
    expect(await limiter.take('a', 1)).toEqual({ allowed: true });
    expect(await limiter.take('a', 2_500)).toEqual({ allowed: false, retryAfterSeconds: 8 });
    expect(await limiter.take('b', 2_500)).toEqual({ allowed: true });
    expect(await limiter.take('a', 10_000)).toEqual({ allowed: true });
  });
  it('slides: no span of windowMs holds more than the limit, across what a fixed window calls an edge', async () => {
    const limiter = new RateLimiter({ limit: 5, windowMs: 1_000 });
    expect((await limiter.take('u', 0)).allowed).toBe(true);
    for (let i = 0; i < 4; i++) expect((await limiter.take('u', 990)).allowed).toBe(true);
    // A fixed window opened at 0 would reset at 1,000 and allow 5 more here: 9 within 20 ms.
    expect(await limiter.take('u', 1_005)).toEqual({ allowed: true });
    expect(await limiter.take('u', 1_010)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await limiter.take('u', 1_990)).allowed).toBe(true);
  });
  it('forgets idle keys, so memory follows active users', async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 100 });
    for (let i = 0; i < 1_000; i++) await limiter.take(`u${i}`, 0);
    expect((await limiter.take('u0', 50)).allowed).toBe(false);
    expect((await limiter.take('late', 500)).allowed).toBe(true);
    expect((await limiter.take('u0', 500)).allowed).toBe(true);
  });
  it('defaults to 20 per minute', async () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 20; i++) expect((await limiter.take('u', 0)).allowed).toBe(true);
    expect(await limiter.take('u', 0)).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });
});

describe('Idempotency-Key', () => {
  it('accepts 1–200 visible ASCII characters only', () => {
    expect(isValidIdempotencyKey('a')).toBe(true);
    expect(isValidIdempotencyKey('~'.repeat(200))).toBe(true);
    for (const bad of ['', 'x'.repeat(201), 'a b', 'é', 'a\u0000']) expect(isValidIdempotencyKey(bad)).toBe(false);
  });
  it('namespaces per user and event, without the parts running into each other', async () => {
    const k = (u: string, e: string, key: string) => namespacedIdempotencyKey(u, e, key);
    expect(await k('u', 'e', 'k')).toBe(await k('u', 'e', 'k'));
    const all = await Promise.all([k('u', 'e', 'k'), k('v', 'e', 'k'), k('u', 'f', 'k'), k('u:e', 'k', ''), k('u', 'e:k', '')]);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('classifyUpstreamError', () => {
  const init = { body: {}, requestPath: '/v1/W/live/event' };
  it.each([
    [new FynoRateLimitError('slow down', { ...init, status: 429, retryAfterMs: 2_100 }), { code: 'upstream_rate_limited', retryAfterSeconds: 3 }],
    [new FynoRateLimitError('slow down', { ...init, status: 429 }), { code: 'upstream_rate_limited' }],
    [new FynoBadRequestError('unknown event', { ...init, status: 400 }), { code: 'upstream_rejected' }],
    [new FynoAuthenticationError('Invalid API details', { ...init, status: 401 }), { code: 'upstream_rejected' }],
    [new FynoServerError('down', { ...init, status: 503 }), { code: 'upstream_error' }],
    [new FynoConnectionError('refused'), { code: 'upstream_unavailable' }],
    [new FynoTimeoutError(100), { code: 'upstream_timeout' }],
    [new FynoValidationError('to.email must be a string'), { code: 'internal_error' }],
    [new TypeError('bug'), { code: 'internal_error' }],
    ['a string', { code: 'internal_error' }],
  ])('%s', (error, expected) => expect(classifyUpstreamError(error)).toEqual(expected));

  it('goes by brand and fields, so an error from another copy of the package (ESM vs CJS) is still known', () => {
    const foreign = { [Symbol.for('fyno-kit.error')]: true, code: 'server_error', status: 502 };
    expect(classifyUpstreamError(foreign)).toEqual({ code: 'upstream_error' });
    expect(classifyUpstreamError({ code: 'server_error', status: 502 })).toEqual({ code: 'internal_error' });
  });
});

describe('a shared store (a rate-limiter-flexible limiter)', () => {
  it("allows, then refuses with the store's wait in whole seconds", async () => {
    const limiter = createRouteLimiter(new RateLimiterMemory({ points: 2, duration: 30 }))!;
    expect(await limiter.take('a')).toEqual({ allowed: true });
    expect(await limiter.take('a')).toEqual({ allowed: true });
    const refused = await limiter.take('a');
    expect(refused.allowed).toBe(false);
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(29);
    expect(await limiter.take('b')).toEqual({ allowed: true });
  });
  it('a store that fails is "unavailable", never "allowed"', async () => {
    const down = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    const limiter = createRouteLimiter({ consume: () => Promise.reject(down) })!;
    expect(await limiter.take('a')).toEqual({ allowed: false, unavailable: true, error: down });
  });
  it('a store that does not answer in time is "unavailable" too', async () => {
    const limiter = storeLimiter({ consume: () => new Promise(() => {}) }, 50);
    const decision = await limiter.take('a');
    expect(decision).toMatchObject({ allowed: false, unavailable: true });
  });
  it('false turns it off; options build the in-process limiter', () => {
    expect(createRouteLimiter(false)).toBeUndefined();
    expect(createRouteLimiter({ limit: 3 })).toBeInstanceOf(RateLimiter);
  });
});

describe('measureParsedBody', () => {
  it('finds depth without recursion, even 100,000 deep', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(measureParsedBody({ event: 'e', data: deep }, 16_384)).toBe('too_deep');
  });
  it('counts the bytes of the JSON text, and stops past the cap', () => {
    const body = { event: 'e', data: { name: 'é"\n', list: [1, true, null, 'x'] } };
    const exact = new TextEncoder().encode(JSON.stringify(body)).byteLength;
    expect(measureParsedBody(body, exact)).toBe('ok');
    expect(measureParsedBody(body, exact - 1)).toBe('too_large');
    expect(measureParsedBody({ event: 'e', data: { pad: 'x'.repeat(90_000) } }, 16_384)).toBe('too_large');
  });
});

describe('the default log line', () => {
  it('escapes control characters and cuts long text, so one entry stays one line', () => {
    expect(escapeLogText('a\nb\u001b[31m\u2028c')).toBe('a\\u000ab\\u001b[31m\\u2028c');
    expect(escapeLogText('x'.repeat(500)).length).toBe(201);
  });
  it("names a Fyno error by class, code, status and request id, never by Fyno's text", () => {
    const error = new FynoBadRequestError('Invalid email ana@example.com', {
      status: 400,
      body: { request_id: 'req_1', _message: 'Invalid email ana@example.com' },
      requestPath: '/v1/W/live/event',
    });
    const line = defaultLogLine(error, { code: 'upstream_rejected', event: 'order_shipped' });
    expect(line).toBe('[fyno-kit] notify route: upstream_rejected (event "order_shipped"): FynoBadRequestError code=bad_request status=400 request_id=req_1');
  });
});

describe('parser errors', () => {
  it.each([
    [
      { type: 'entity.too.large', status: 413 },
      { kind: 'code', code: 'payload_too_large' },
    ],
    [
      { type: 'entity.parse.failed', status: 400, body: '{"a' },
      { kind: 'text', text: '{"a' },
    ],
    [
      { type: 'encoding.unsupported', status: 415 },
      { kind: 'code', code: 'unsupported_media_type' },
    ],
    [{ type: 'request.aborted', status: 400 }, { kind: 'gone' }],
    [
      { code: 'Z_DATA_ERROR', status: 400 },
      { kind: 'code', code: 'unsupported_media_type' },
    ],
    [
      { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 },
      { kind: 'code', code: 'payload_too_large' },
    ],
    [
      { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 },
      { kind: 'code', code: 'unsupported_media_type' },
    ],
    [
      { code: 'FST_ERR_CTP_EMPTY_JSON_BODY', statusCode: 400 },
      { kind: 'code', code: 'invalid_json' },
    ],
    [new Error('something else'), { kind: 'code', code: 'internal_error' }],
  ])('%o', (error, expected) => expect(classifyParserError(error)).toEqual(expected));
  it("knows a parser's error from any other", () => {
    expect(isParserError({ type: 'entity.parse.failed', status: 400 })).toBe(true);
    expect(isParserError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })).toBe(true);
    expect(isParserError(Object.assign(new SyntaxError('Unexpected token'), { statusCode: 400 }))).toBe(true);
    // The app's own verify hook (a signature check, say) keeps its own answer.
    expect(isParserError({ type: 'entity.verify.failed', status: 403 })).toBe(false);
    expect(isParserError(new Error('session store down'))).toBe(false);
    expect(isParserError({ status: 401 })).toBe(false);
  });
});
