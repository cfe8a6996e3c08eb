import { describe, expect, it } from 'vitest';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs, sleep } from '../src/retry';

describe('parseRetryAfterMs', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfterMs('3')).toBe(3000);
    expect(parseRetryAfterMs(' 0 ')).toBe(0);
    expect(parseRetryAfterMs('1.5')).toBe(1500);
  });
  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(parseRetryAfterMs('Fri, 27 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfterMs('Fri, 27 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or garbage values', () => {
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
    expect(parseRetryAfterMs('soon')).toBeUndefined();
    expect(parseRetryAfterMs('-1')).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it('retries 408, 409, 429 and 5xx only', () => {
    expect([408, 409, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 405, 413, 422].some(isRetryableStatus)).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  const opts = { initialDelayMs: 100, maxDelayMs: 1000 };
  it('doubles per retry within [half, full] of the cap', () => {
    expect(backoffDelayMs(0, opts, () => 0)).toBe(50);
    expect(backoffDelayMs(0, opts, () => 1)).toBe(100);
    expect(backoffDelayMs(2, opts, () => 1)).toBe(400);
    expect(backoffDelayMs(10, opts, () => 1)).toBe(1000);
    expect(backoffDelayMs(10, opts, () => 0)).toBe(500);
  });
});

describe('sleep', () => {
  it('rejects early with the abort reason', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = sleep(5_000, controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(pending).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
