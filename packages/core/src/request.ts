/**
 * One logical API call: builds the request, sends it through the transport, retries what is safe to
 * retry (with one idempotency key across attempts) and maps failures to typed errors.
 */
import { lowerCaseKeys, type ResolvedConfig } from './config';
import {
  apiErrorFor,
  FynoAbortError,
  FynoConnectionError,
  FynoError,
  FynoTimeoutError,
} from './errors';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs, sleep } from './retry';
import { TransportFailure, type Transport, type TransportRequest } from './transport/types';

/** Per-call options accepted by every client method. */
export interface RequestOptions {
  /** Per-attempt timeout for this call. */
  timeoutMs?: number;
  /** Aborts the call (and any wait between retries). */
  signal?: AbortSignal;
  /** Retries for this call. */
  maxRetries?: number;
  /**
   * Idempotency key for event calls. Default: a new UUID per call, reused on every retry. Pass your
   * own (e.g. an order id) to make a call safe to repeat across processes.
   */
  idempotencyKey?: string;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

/** What a client method asks the executor to do. */
export interface CallSpec {
  method: TransportRequest['method'];
  /** Path below `/v1/{WSID}/{version}`, starting with `/`. */
  path: string;
  body?: string;
  /** Key sent as `Idempotency-Key` (event and bulk calls). */
  idempotencyKey?: string;
  /**
   * Whether repeating the call cannot cause a second effect. Non-idempotent calls are retried only
   * when the request certainly was not processed (connection refused, 429).
   */
  idempotent: boolean;
}

/** The context a call runs in. */
export interface CallContext {
  config: ResolvedConfig;
  transport: Transport;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorOfFailure(failure: TransportFailure, timeoutMs: number): FynoError {
  if (failure.kind === 'timeout') return new FynoTimeoutError(timeoutMs, { cause: failure.cause });
  if (failure.kind === 'abort') return new FynoAbortError({ cause: failure.cause });
  if (failure.kind === 'closed') return new FynoConnectionError('The Fyno client is closed: create a new one');
  const detail = (failure.cause as { code?: string } | undefined)?.code;
  return new FynoConnectionError(`Could not reach Fyno${detail ? ` (${detail})` : ''}`, { cause: failure.cause });
}

/** Sends a call with retries; resolves the parsed 2xx body or rejects with a `FynoError`. */
export async function execute<T>(ctx: CallContext, spec: CallSpec, options: RequestOptions | undefined): Promise<T> {
  const { config, transport } = ctx;
  const timeoutMs = options?.timeoutMs ?? config.timeoutMs;
  const maxRetries = options?.maxRetries ?? config.maxRetries;
  const signal = options?.signal;
  const path = config.prefix + spec.path;
  let headers = config.headers;
  if (options?.headers || spec.idempotencyKey !== undefined) {
    headers = { ...lowerCaseKeys(options?.headers), ...config.headers };
    if (spec.idempotencyKey !== undefined) headers['idempotency-key'] = spec.idempotencyKey;
  }
  const request: TransportRequest = {
    method: spec.method,
    origin: config.origin,
    path,
    headers,
    body: spec.body,
    timeoutMs,
    signal,
  };

  for (let attempt = 0; ; attempt++) {
    let error: FynoError;
    let retryable: boolean;
    let waitMs: number | undefined;
    if (signal?.aborted) throw withKey(new FynoAbortError({ cause: signal.reason }), spec);
    try {
      const res = await transport.request(request);
      if (res.status >= 200 && res.status < 300) return parseBody(res.body) as T;
      const retryAfterMs = parseRetryAfterMs(res.header('retry-after'));
      error = apiErrorFor({ status: res.status, body: parseBody(res.body), requestPath: path }, retryAfterMs);
      retryable = isRetryableStatus(res.status) && (spec.idempotent || res.status === 429);
      waitMs = retryAfterMs;
    } catch (thrown) {
      if (!(thrown instanceof TransportFailure)) throw thrown;
      error = errorOfFailure(thrown, timeoutMs);
      retryable = thrown.kind !== 'abort' && thrown.kind !== 'closed' && (spec.idempotent || thrown.notSent);
    }
    if (!retryable || attempt >= maxRetries) throw withKey(error, spec);
    if (waitMs !== undefined && waitMs > config.maxRetryAfterMs) throw withKey(error, spec);
    const delay = waitMs ?? backoffDelayMs(attempt, { initialDelayMs: config.initialRetryDelayMs, maxDelayMs: config.maxRetryDelayMs });
    try {
      await sleep(delay, signal);
    } catch (reason) {
      throw withKey(new FynoAbortError({ cause: reason }), spec);
    }
  }
}

function withKey<E extends FynoError>(error: E, spec: CallSpec): E {
  error.idempotencyKey = spec.idempotencyKey;
  return error;
}

