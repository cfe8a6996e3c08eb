/**
 * The per-user limiter of one route: a fixed window per distinct_id, in memory. No timer runs; old
 * windows are swept as calls arrive, so it works the same on Node and on edge runtimes.
 */
import type { RateLimitOptions } from './types';

/** Default: 20 notifications per user per minute. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 20, windowMs: 60_000 };

interface Window {
  count: number;
  resetAtMs: number;
}

/** Result of one `take`: allowed, or refused with the seconds to wait. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts calls per key in fixed windows. */
export class RateLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #limit: number;
  readonly #windowMs: number;
  #nextSweepMs = 0;

  constructor(options: Partial<RateLimitOptions> = {}) {
    const limit = options.limit ?? DEFAULT_RATE_LIMIT.limit;
    const windowMs = options.windowMs ?? DEFAULT_RATE_LIMIT.windowMs;
    if (!Number.isFinite(limit) || limit < 1) throw new TypeError('rateLimit.limit must be a number ≥ 1');
    if (!Number.isFinite(windowMs) || windowMs <= 0) throw new TypeError('rateLimit.windowMs must be a positive number');
    this.#limit = Math.floor(limit);
    this.#windowMs = windowMs;
  }

  /** Counts one call for `key`. */
  take(key: string, nowMs = Date.now()): RateDecision {
    this.#sweep(nowMs);
    let window = this.#windows.get(key);
    if (!window || window.resetAtMs <= nowMs) {
      window = { count: 0, resetAtMs: nowMs + this.#windowMs };
      this.#windows.set(key, window);
    }
    if (window.count >= this.#limit) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAtMs - nowMs) / 1000)) };
    }
    window.count++;
    return { allowed: true };
  }

  // Drops expired windows at most once per window length, so memory follows the active users only.
  #sweep(nowMs: number): void {
    if (nowMs < this.#nextSweepMs) return;
    this.#nextSweepMs = nowMs + this.#windowMs;
    for (const [key, window] of this.#windows) if (window.resetAtMs <= nowMs) this.#windows.delete(key);
  }
}
