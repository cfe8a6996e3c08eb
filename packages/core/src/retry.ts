/** When to retry and how long to wait: exponential backoff with jitter, or Fyno's `Retry-After`. */

/** Statuses worth another attempt: the request was not (or may not have been) processed. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `nowMs`. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined || value === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Only an HTTP date is left; Date.parse would also take "-1" or "12" as years.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Backoff settings. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  initialDelayMs: number;
  /** Largest delay between attempts. */
  maxDelayMs: number;
}

/** Delay before retry number `retry` (0-based): exponential, with "equal jitter" (half fixed, half random). */
export function backoffDelayMs(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** retry);
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Waits `ms`, or rejects early with the signal's reason. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 && !signal?.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
