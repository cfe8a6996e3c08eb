/**
 * Typed errors. Every error the client throws is a `FynoError`; none carries the API key, because
 * messages come only from Fyno's `_message` or from our own fixed text.
 */

const BRAND = Symbol.for('fyno-kit.error');

/** Stable machine-readable codes, one per error class. */
export type FynoErrorCode =
  | 'validation_error'
  | 'bad_request'
  | 'profile_exists'
  | 'otp_rejected'
  | 'authentication_error'
  | 'permission_denied'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'server_error'
  | 'api_error'
  | 'connection_error'
  | 'timeout'
  | 'aborted'
  | 'bulk_partial_failure'
  | 'queue_full'
  | 'queue_closed'
  | 'invalid_signature'
  | 'invalid_report';

/** Base class of every error fyno-kit throws. */
export class FynoError extends Error {
  // A literal, not the class's own name: minifying bundlers (Nitro's, esbuild --minify) rename classes.
  override name = 'FynoError';
  /** Stable code, safe to branch on and to show to a user. */
  readonly code: FynoErrorCode;
  /** The `Idempotency-Key` the failed call used: retry later with it and Fyno will not send twice. */
  idempotencyKey: string | undefined;

  constructor(message: string, code: FynoErrorCode, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.idempotencyKey = undefined;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for any fyno-kit error, even one from another copy of the package (ESM vs CJS). */
  static isFynoError(value: unknown): value is FynoError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** Input rejected before any request was sent. */
export class FynoValidationError extends FynoError {
  override name = 'FynoValidationError';
  /** Path of the offending field, e.g. `to.email` or `[3].distinct_id`. */
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message, 'validation_error');
    this.field = field;
  }
}

/** Fields every non-2xx answer from Fyno carries. */
export interface FynoApiErrorInit {
  status: number;
  body: unknown;
  requestPath: string;
  headers?: Record<string, string>;
}

/** Fyno answered with a non-2xx status. `message` is Fyno's `_message`. */
export class FynoApiError extends FynoError {
  override name = 'FynoApiError';
  /** HTTP status. */
  readonly status: number;
  /** The parsed response body (or its text when it was not JSON). */
  readonly body: unknown;
  /** Path of the request, without host or query, e.g. `/v1/FY123/live/event`. */
  readonly requestPath: string;

  /** The `code` of this class's instances; subclasses override it. */
  static readonly errorCode: FynoErrorCode = 'api_error';

  constructor(message: string, init: FynoApiErrorInit, code?: FynoErrorCode) {
    super(message, code ?? (new.target as typeof FynoApiError).errorCode);
    this.status = init.status;
    this.body = init.body;
    this.requestPath = init.requestPath;
  }
}

/** 400: Fyno rejected the request (unknown event, bad profile id, …). */
export class FynoBadRequestError extends FynoApiError {
  override name = 'FynoBadRequestError';
  static override readonly errorCode: FynoErrorCode = 'bad_request';
}
/**
 * 400 on a profile create (or a rename): the `distinct_id` exists already in this version of the
 * workspace. `fyno.profiles.upsert()` creates or updates without it.
 */
export class FynoProfileExistsError extends FynoBadRequestError {
  override name = 'FynoProfileExistsError';
  static override readonly errorCode: FynoErrorCode = 'profile_exists';
  /** The `distinct_id` that exists. */
  readonly distinctId: string;
  constructor(message: string, init: FynoApiErrorInit, distinctId: string) {
    super(message, init, 'profile_exists');
    this.distinctId = distinctId;
  }
}

// Fyno's documented 400 text for a profile create (and a rename onto a taken id): matched here only.
const PROFILE_EXISTS = /^Distinct ID '(.*)' already exists in the '[^']*' version of your workspace$/s;

/** The same error as a `FynoProfileExistsError` when it is Fyno's "already exists" answer; else unchanged. */
export function asProfileExists(error: unknown): unknown {
  if (!(error instanceof FynoBadRequestError) || error instanceof FynoProfileExistsError) return error;
  const match = PROFILE_EXISTS.exec(error.message);
  if (!match) return error;
  const exists = new FynoProfileExistsError(error.message, error, match[1] ?? '');
  exists.idempotencyKey = error.idempotencyKey;
  return exists;
}

/**
 * 400 from `verify.validate()`: Fyno did not accept the OTP. `wrongOtp` is true for Fyno's
 * documented "user entered the wrong OTP"; other texts (an expired code, too many tries) leave it
 * false. Either way the user must not be signed in.
 */
export class FynoOtpRejectedError extends FynoBadRequestError {
  override name = 'FynoOtpRejectedError';
  static override readonly errorCode: FynoErrorCode = 'otp_rejected';
  /** Fyno said the OTP is wrong (rather than expired, used up or unknown). */
  readonly wrongOtp: boolean;
  constructor(message: string, init: FynoApiErrorInit) {
    super(message, init, 'otp_rejected');
    this.wrongOtp = /wrong OTP/i.test(message);
  }
}

/** The same error as a `FynoOtpRejectedError` when it is a 400; else unchanged. */
export function asOtpRejected(error: unknown): unknown {
  if (!(error instanceof FynoBadRequestError)) return error;
  const rejected = new FynoOtpRejectedError(error.message, error);
  rejected.idempotencyKey = error.idempotencyKey;
  return rejected;
}

/** 401: wrong API key, wrong workspace id, or a key not scoped to this version. */
export class FynoAuthenticationError extends FynoApiError {
  override name = 'FynoAuthenticationError';
  static override readonly errorCode: FynoErrorCode = 'authentication_error';
}
/** 403: the key may not do this (e.g. an IP allowlist). */
export class FynoPermissionError extends FynoApiError {
  override name = 'FynoPermissionError';
  static override readonly errorCode: FynoErrorCode = 'permission_denied';
}
/** 404: no such endpoint or resource. */
export class FynoNotFoundError extends FynoApiError {
  override name = 'FynoNotFoundError';
  static override readonly errorCode: FynoErrorCode = 'not_found';
}
/** 409: a conflicting request (e.g. the same idempotency key still in flight). Retried. */
export class FynoConflictError extends FynoApiError {
  override name = 'FynoConflictError';
  static override readonly errorCode: FynoErrorCode = 'conflict';
}
/** 413: the body is over Fyno's 10 MB limit. */
export class FynoPayloadTooLargeError extends FynoApiError {
  override name = 'FynoPayloadTooLargeError';
  static override readonly errorCode: FynoErrorCode = 'payload_too_large';
}
/** 429: rate limited. `retryAfterMs` is Fyno's `Retry-After`, when it sent one. */
export class FynoRateLimitError extends FynoApiError {
  override name = 'FynoRateLimitError';
  readonly retryAfterMs: number | undefined;
  constructor(message: string, init: FynoApiErrorInit & { retryAfterMs?: number | undefined }) {
    super(message, init, 'rate_limited');
    this.retryAfterMs = init.retryAfterMs;
  }
}
/** 5xx: Fyno failed. Retried with the same idempotency key. */
export class FynoServerError extends FynoApiError {
  override name = 'FynoServerError';
  static override readonly errorCode: FynoErrorCode = 'server_error';
}

/** The request did not get an HTTP answer: refused, reset, DNS failure. */
export class FynoConnectionError extends FynoError {
  override name = 'FynoConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'connection_error', options);
  }
}
/** No answer within `timeoutMs`. The request may still have been processed (the key makes a retry safe). */
export class FynoTimeoutError extends FynoError {
  override name = 'FynoTimeoutError';
  readonly timeoutMs: number;
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`Fyno did not answer within ${timeoutMs} ms`, 'timeout', options);
    this.timeoutMs = timeoutMs;
  }
}
/** The caller's `signal` aborted the call. Never retried. */
export class FynoAbortError extends FynoError {
  override name = 'FynoAbortError';
  constructor(options?: { cause?: unknown }) {
    super('The request was aborted', 'aborted', options);
  }
}

/**
 * A split bulk send failed part-way. Items before `failedAt` were accepted by Fyno (their results are
 * in `completed`); the rest were not sent. `cause` is the error of the failed request.
 */
export class FynoBulkPartialError extends FynoError {
  override name = 'FynoBulkPartialError';
  readonly completed: import('./types').BulkItemResult[];
  /** Index in the input of the first item that was not accepted. */
  readonly failedAt: number;
  constructor(failedAt: number, completed: import('./types').BulkItemResult[], cause: FynoError) {
    super(`Bulk send failed at item ${failedAt} after ${completed.length} item(s) were accepted: ${cause.message}`, 'bulk_partial_failure', { cause });
    this.failedAt = failedAt;
    this.completed = completed;
  }
}

/** The send-later queue holds `maxQueueSize` payloads already: flush, slow down, or store elsewhere. */
export class FynoQueueFullError extends FynoError {
  override name = 'FynoQueueFullError';
  readonly maxQueueSize: number;
  constructor(maxQueueSize: number) {
    super(`The Fyno queue is full (${maxQueueSize} payloads pending)`, 'queue_full');
    this.maxQueueSize = maxQueueSize;
  }
}

/** `enqueue` was called after `close()`. */
export class FynoQueueClosedError extends FynoError {
  override name = 'FynoQueueClosedError';
  constructor() {
    super('The Fyno queue is shut down', 'queue_closed');
  }
}

function messageOf(body: unknown, status: number): string {
  if (typeof body === 'object' && body !== null) {
    const m = (body as { _message?: unknown; message?: unknown })._message ?? (body as { message?: unknown }).message;
    if (typeof m === 'string' && m.length > 0) return m;
  }
  return `Fyno answered HTTP ${status}`;
}

/** Maps a non-2xx answer to its error class. */
export function apiErrorFor(init: FynoApiErrorInit, retryAfterMs: number | undefined): FynoApiError {
  const message = messageOf(init.body, init.status);
  switch (init.status) {
    case 400:
      return new FynoBadRequestError(message, init);
    case 401:
      return new FynoAuthenticationError(message, init);
    case 403:
      return new FynoPermissionError(message, init);
    case 404:
      return new FynoNotFoundError(message, init);
    case 409:
      return new FynoConflictError(message, init);
    case 413:
      return new FynoPayloadTooLargeError(message, init);
    case 429:
      return new FynoRateLimitError(message, { ...init, retryAfterMs });
    default:
      return init.status >= 500 ? new FynoServerError(message, init) : new FynoApiError(message, init);
  }
}
