/** The one error type `useNotify()` reports: the route's error codes plus the few only a browser sees. */
import type { NotifyErrorCode } from '@fyno-kit/core/server';

/**
 * Codes for failures that never got a readable answer from the route:
 * `network_error` (fetch itself failed), `invalid_response` (the body was not the route's JSON),
 * `aborted` (the call's own `signal` aborted it; unmounting never does).
 */
export type NotifyClientErrorCode = 'network_error' | 'invalid_response' | 'aborted';

/**
 * Why a `notify` call failed. `code` is the route's stable error code (`unauthorized`,
 * `event_not_allowed`, `rate_limited`, …) or a {@link NotifyClientErrorCode}.
 *
 * @example
 * if (error?.code === 'rate_limited') showToast(`Try again in ${Math.ceil((error.retryAfterMs ?? 0) / 1000)} s`);
 */
export class NotifyError<C extends string = NotifyErrorCode | NotifyClientErrorCode> extends Error {
  override readonly name = 'NotifyError' as const;
  // `declare`: assigned in the constructor, so no class-field initialisers are emitted (bundle bytes).
  /**
   * The route's error code, or `network_error` / `invalid_response` / `aborted`. `C` is the codes
   * of the route that answered (the preferences route adds its own; see `PreferencesError`).
   */
  declare readonly code: C;
  /** The HTTP status, or 0 when no response was read. */
  declare readonly status: number;
  /** From the `Retry-After` header (sent with 429 `rate_limited`), in milliseconds. */
  declare readonly retryAfterMs?: number;

  constructor(code: C, message: string, status = 0, retryAfterMs?: number) {
    super(message);
    this.code = code;
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * True for a {@link NotifyError}. Checks the name rather than `instanceof` alone, so an error
 * from a second copy of this package (an ESM and a CJS copy in one app) still counts.
 */
export function isNotifyError(value: unknown): value is NotifyError {
  return value instanceof Error && value.name === 'NotifyError';
}
