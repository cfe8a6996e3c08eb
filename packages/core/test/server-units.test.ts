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
import { RateLimiter } from '../src/server/rate-limiter';
import { classifyUpstreamError } from '../src/server/upstream-error';

describe('isJsonContentType', () => {
  it.each(['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/json ;'])('accepts %s', (t) =>
    expect(isJsonContentType(t)).toBe(true),
  );
  it.each([undefined, '', 'text/plain', 'application/json; charset=latin1', 'application/json; q=1', 'application/jsonp', 'application/ld+json', 'multipart/form-data'])(
    'refuses %s',
    (t) => expect(isJsonContentType(t)).toBe(false),
  );
});

describe('RateLimiter', () => {
  it('allows `limit` per window per key, then says how long to wait, then resets', () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 10_000 });
    expect(limiter.take('a', 0)).toEqual({ allowed: true });
    expect(limiter.take('a', 1)).toEqual({ allowed: true });
    expect(limiter.take('a', 2_500)).toEqual({ allowed: false, retryAfterSeconds: 8 });
    expect(limiter.take('b', 2_500)).toEqual({ allowed: true });
    expect(limiter.take('a', 10_000)).toEqual({ allowed: true });
  });
  it('defaults to 20 per minute', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 20; i++) expect(limiter.take('u', 0).allowed).toBe(true);
    expect(limiter.take('u', 0)).toEqual({ allowed: false, retryAfterSeconds: 60 });
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
