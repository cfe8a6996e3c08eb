/**
 * Maps what the client threw to a route error code. Classification is by brand and fields, never
 * `instanceof`: the server entry may hold its own copy of the error classes (ESM vs CJS builds).
 */
import type { NotifyErrorCode } from './error-codes';

const BRAND = Symbol.for('fyno-kit.error');

/** The codes a failed call to Fyno maps to (every route that calls Fyno answers with these). */
export type UpstreamErrorCode = Extract<
  NotifyErrorCode,
  'upstream_rejected' | 'upstream_rate_limited' | 'upstream_error' | 'upstream_unavailable' | 'upstream_timeout' | 'internal_error'
>;

/** The route's answer to a failed `fire`. */
export interface UpstreamFailure {
  code: UpstreamErrorCode;
  /** Whole seconds for `Retry-After`, when Fyno said how long to wait. */
  retryAfterSeconds?: number;
}

function isFynoError(error: unknown): error is { code?: unknown; status?: unknown; retryAfterMs?: unknown } {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

/** The code for an error thrown by `client.fire`. Anything not from fyno-kit is `internal_error`. */
export function classifyUpstreamError(error: unknown): UpstreamFailure {
  if (!isFynoError(error)) return { code: 'internal_error' };
  const status = typeof error.status === 'number' ? error.status : undefined;
  if (status === 429 || error.code === 'rate_limited') {
    const ms = error.retryAfterMs;
    const failure: UpstreamFailure = { code: 'upstream_rate_limited' };
    if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) failure.retryAfterSeconds = Math.max(1, Math.ceil(ms / 1000));
    return failure;
  }
  if (status !== undefined) return { code: status >= 500 ? 'upstream_error' : 'upstream_rejected' };
  switch (error.code) {
    case 'connection_error':
      return { code: 'upstream_unavailable' };
    case 'timeout':
      return { code: 'upstream_timeout' };
    case 'aborted':
      // Nothing in the route aborts a call, so an abort means the client is shutting down.
      return { code: 'upstream_unavailable' };
    default:
      // validation_error and the like: the server built a payload Fyno cannot take (a bad `to` hook,
      // missing FYNO_* configuration). The server's bug, not the caller's.
      return { code: 'internal_error' };
  }
}
