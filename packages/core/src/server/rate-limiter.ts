/**
 * The route's per-user rate limit: in this process by default, or in a shared store so that every
 * instance behind a load balancer counts against one limit.
 */
import type { RateLimiterLike, RateLimitOptions } from './policy-types';

/** Default: 20 notifications per user per minute. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 20, windowMs: 60_000 };

/** Result of one `take`: allowed, refused with the seconds to wait, or the store failed. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number } | { allowed: false; unavailable: true; error: unknown };

/** The one "allowed" answer, shared: the route only reads it, and an accepted request allocates none. */
const ALLOWED: RateDecision = Object.freeze({ allowed: true });

/**
 * What the route asks of a limiter: a promise whether the store is this process or shared (answering
 * the in-process one bare saved nothing measurable in `node tooling/bench/route-micro.mjs`).
 */
export interface RouteLimiter {
  take(key: string): Promise<RateDecision>;
}

/**
 * A sliding-window log in memory: the times of each key's last `limit` calls. A call is allowed when
 * fewer than `limit` of them fall in the last `windowMs`, so no span of `windowMs` ever holds more
 * than `limit` (a fixed window lets twice the limit through across a boundary). No timer runs; idle
 * keys are swept as calls arrive, so it works the same on Node and on edge runtimes.
 */
export class RateLimiter implements RouteLimiter {
  readonly #calls = new Map<string, number[]>();
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

  /** Counts one call for `key`, if it is allowed. */
  async take(key: string, nowMs = Date.now()): Promise<RateDecision> {
    this.#sweep(nowMs);
    let calls = this.#calls.get(key);
    if (calls === undefined) {
      calls = [];
      this.#calls.set(key, calls);
    }
    // Oldest first; at most `limit` entries, so this shift is cheap.
    while (calls.length > 0 && calls[0]! <= nowMs - this.#windowMs) calls.shift();
    if (calls.length >= this.#limit) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((calls[0]! + this.#windowMs - nowMs) / 1000)) };
    }
    calls.push(nowMs);
    return ALLOWED;
  }

  // Drops keys with no call in the window at most once per window length, so memory follows the
  // active users only.
  #sweep(nowMs: number): void {
    if (nowMs < this.#nextSweepMs) return;
    this.#nextSweepMs = nowMs + this.#windowMs;
    for (const [key, calls] of this.#calls) if ((calls.at(-1) ?? 0) <= nowMs - this.#windowMs) this.#calls.delete(key);
  }
}

/** True for a shared store (`consume(key)`), as opposed to in-process options. */
export function isRateLimiterLike(value: unknown): value is RateLimiterLike {
  return typeof value === 'object' && value !== null && typeof (value as { consume?: unknown }).consume === 'function';
}

/** `rate-limiter-flexible` rejects with a result (not an Error) when the limit is reached. */
function msBeforeNextOf(rejection: unknown): number | undefined {
  if (rejection instanceof Error || typeof rejection !== 'object' || rejection === null) return undefined;
  const ms = (rejection as { msBeforeNext?: unknown }).msBeforeNext;
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
}

/** Longest wait for a shared store's answer before the route treats it as down. */
export const STORE_TIMEOUT_MS = 2_000;

/**
 * Wraps a shared store. A rejection that carries `msBeforeNext` is "limited"; any other rejection,
 * or no answer within `timeoutMs`, means the store could not answer, and the route refuses rather
 * than skip the limit silently.
 */
export function storeLimiter(store: RateLimiterLike, timeoutMs = STORE_TIMEOUT_MS): RouteLimiter {
  return {
    async take(key) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const timedOut = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the rate-limit store did not answer within ${timeoutMs} ms`)), timeoutMs);
        });
        await Promise.race([store.consume(key), timedOut]);
        return ALLOWED;
      } catch (rejection) {
        const ms = msBeforeNextOf(rejection);
        if (ms === undefined) return { allowed: false, unavailable: true, error: rejection };
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The limiter a policy's `rateLimit` asks for, or none for `false`. */
export function createRouteLimiter(option: Partial<RateLimitOptions> | RateLimiterLike | false | undefined): RouteLimiter | undefined {
  if (option === false) return undefined;
  if (isRateLimiterLike(option)) return storeLimiter(option);
  return new RateLimiter(option ?? {});
}
