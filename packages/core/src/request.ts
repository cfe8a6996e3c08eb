/**
 * One logical API call: builds the request, sends it through the transport, retries what is safe to
 * retry (with one idempotency key across attempts) and maps failures to typed errors. Every call
 * passes through `call` (or `execute`), where the Node entry's `CallTracker` counts it for
 * `close()`, checks its size, and logs and traces it.
 */
import { lowerCaseKeys, type ResolvedConfig } from './config';
import { MAX_BODY_BYTES, utf8Length } from './bulk';
import { apiErrorFor, FynoAbortError, FynoConnectionError, FynoError, FynoPayloadTooLargeError, FynoTimeoutError } from './errors';
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
  /** Path below `/v1/{WSID}/{version}` (or `/v1/{WSID}` when `unversioned`), starting with `/`. */
  path: string;
  /**
   * Query string without `?`. Kept apart from `path`: it may hold an OTP or a distinct_id, and
   * errors (`requestPath`), logs and spans show the path only.
   */
  query?: string;
  /** The path has no version segment (the suppression list). */
  unversioned?: boolean;
  /** Bytes only from a queue, encoded by the transport's own `encode`. */
  body?: string | Uint8Array;
  /** Key sent as `Idempotency-Key` (event and bulk calls). */
  idempotencyKey?: string;
  /**
   * Whether repeating the call cannot cause a second effect. Non-idempotent calls are retried only
   * when the request certainly was not processed (connection refused, 429).
   */
  idempotent: boolean;
  /**
   * Resolve the 2xx body as text, unparsed: bulk calls parse Fyno's answer on first read
   * (bulk-response.ts), since most of their callers never read it.
   */
  raw?: boolean;
  /** For logs and spans (see `CallInfo`). */
  event?: string;
  bulkSize?: number;
}

/**
 * Told about each finished attempt of a call (1-based `attempt`): the HTTP status of a success, or
 * the error of a failure (a `FynoApiError` carries its status), and the wait before the next
 * attempt (undefined when it was the last). Present only when a logger or a tracer is configured.
 * Positional, to keep the browser-safe build small.
 */
export type AttemptHook = (attempt: number, durationMs: number, status: number | undefined, error?: FynoError, retryInMs?: number) => void;

/** What a logical call is, for logs and spans. Never holds recipients, data or the key. */
export interface CallInfo {
  method: CallSpec['method'];
  /**
   * Path below the version. The observer names the call from it (`fyno.fire`, `fyno.fire_bulk`,
   * `fyno.queue.batch`, `fyno.profiles.get`, …), so names cost the browser-safe build nothing. It
   * holds profile ids: never put it on a span as is.
   */
  path: string;
  /** Event name, for event calls. */
  event?: string;
  idempotencyKey?: string;
  /** Items in a bulk call. */
  bulkSize?: number;
}

/**
 * Wraps a logical call with logging and tracing (supplied by the Node entry). `internal` marks a
 * queue batch: it serves many callers, so its span starts a trace of its own.
 */
export type Observe = <T>(info: CallInfo, run: (hook: AttemptHook | undefined) => Promise<T>, internal?: boolean) => Promise<T>;

/**
 * A constant true in the browser-safe build and false in the others (tsup and vitest `define`).
 * Tracking, logging and tracing are Node-only; behind this flag a minifier drops their plumbing
 * from the browser-safe build, which must stay under its size budget.
 */
declare const __FYNO_KIT_WEB__: boolean;

/** The context a call runs in. */
export interface CallContext {
  config: ResolvedConfig;
  transport: Transport;
  /** Tracks calls for `close()`, and logs and traces them (Node entry; see `CallTracker`). */
  tracker?: CallTracker | undefined;
}

/**
 * Runs one logical call (one or more requests): the single place every call passes, where the
 * tracker counts it in and out. `internal` calls (a queue draining inside `close()`) are let through
 * after close.
 */
export function call<T>(ctx: CallContext, info: CallInfo, run: (hook: AttemptHook | undefined) => Promise<T>, internal?: boolean): Promise<T> {
  if (__FYNO_KIT_WEB__) return run(undefined);
  return ctx.tracker?.run(info, run, internal) ?? run(undefined);
}

/**
 * Calls in flight of one client, so `close()` can wait for them (a call waiting out a retry backoff
 * would lose its notification if the pool closed under it) and refuse new ones. The Node entry
 * creates it; the browser-safe build has no pool to protect and leaves it out to stay small.
 */
export class CallTracker {
  /** Calls started and not settled. A count, not a set: tracking must cost a call next to nothing. */
  #active = 0;
  /** Resolvers of `settled()` calls, run when the count drops to 0. */
  #idle: Array<() => void> = [];
  readonly #observe: Observe | undefined;
  readonly #prefix: string;
  #closedAt: number | undefined;

  /** `prefix`: the path up to the version, for errors' `requestPath`. */
  constructor(observe: Observe | undefined, prefix: string) {
    this.#observe = observe;
    this.#prefix = prefix;
  }

  /** Calls started and not settled yet. */
  get size(): number {
    return this.#active;
  }

  // One function for every call (no closure per call).
  readonly #done = (): void => {
    if (--this.#active === 0) for (const resolve of this.#idle.splice(0)) resolve();
  };

  /**
   * Runs a call: refused after close, or when its body is over Fyno's limit (uploading 10 MB only to
   * be cut off can end in a reset rather than the 413); tracked until it settles; logged and traced
   * when configured.
   */
  run<T>(info: CallInfo, run: (hook: AttemptHook | undefined) => Promise<T>, internal?: boolean): Promise<T> {
    if (this.#closedAt !== undefined && !internal) return Promise.reject(new FynoConnectionError('The Fyno client is closed: create a new one'));
    const { body } = info as { body?: string | Uint8Array };
    // Up to 3 bytes per UTF-16 unit: only a body that could be over the limit is measured.
    let bytes = 0;
    if (
      body !== undefined &&
      (typeof body === 'string' ? body.length * 3 > MAX_BODY_BYTES && (bytes = utf8Length(body)) > MAX_BODY_BYTES : (bytes = body.byteLength) > MAX_BODY_BYTES)
    ) {
      const message = `The request body is ${bytes} bytes, over Fyno's ${MAX_BODY_BYTES}-byte (10 MB) limit; nothing was sent`;
      return Promise.reject(new FynoPayloadTooLargeError(message, { status: 413, body: undefined, requestPath: this.#prefix + info.path }));
    }
    const promise = this.#observe ? this.#observe(info, run, internal) : run(undefined);
    this.#active++;
    promise.then(this.#done, this.#done);
    return promise;
  }

  /** Refuses new calls from now on (`close()` calls it first, then drains the queues). */
  close(): void {
    this.#closedAt ??= Date.now();
  }

  /**
   * Resolves true once no call is in flight (calls started meanwhile included), or false
   * `timeoutMs` after `close()` with calls still running.
   */
  settled(timeoutMs: number): Promise<boolean> {
    if (this.#active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), Math.max(0, (this.#closedAt ?? Date.now()) + timeoutMs - Date.now()));
      this.#idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The URL of a request as a message may show it: origin and path, with a profile's id (a user id)
 * left out. Never the key: it travels in a header, and `config.base` drops a URL's userinfo.
 */
export function shownUrl(config: ResolvedConfig, path: string): string {
  const shown = path.startsWith('/profiles/') && !/^\/profiles\/(?:properties\/[a-z-]+|delete)$/.test(path) ? '/profiles/…' : path;
  return config.origin + config.prefix + shown;
}

function errorOfFailure(failure: TransportFailure, timeoutMs: number, url: string): FynoError {
  if (failure.kind === 'timeout') return new FynoTimeoutError(timeoutMs, { cause: failure.cause });
  if (failure.kind === 'abort') return new FynoAbortError({ cause: failure.cause });
  if (failure.kind === 'closed') return new FynoConnectionError('The Fyno client is closed: create a new one');
  const detail = (failure.cause as { code?: string } | undefined)?.code;
  return new FynoConnectionError(`Could not reach Fyno at ${url}${detail ? ` (${detail})` : ''}`, { cause: failure.cause });
}

/**
 * Fyno documents no 404 (a missing profile is a 400), so a 404 means the URL is not Fyno's API:
 * most often a base URL without its `/v1` (e.g. `FYNO_BASE_URL=http://127.0.0.1:4010`).
 */
function notFoundMessage(message: string, config: ResolvedConfig, url: string): string {
  const hint = /\/v\d+$/.test(config.base)
    ? `check the base URL (${config.base}) and the workspace id`
    : `the base URL (${config.base}) should end in /v1, e.g. https://api.fyno.io/v1 or http://127.0.0.1:4010/v1 for the emulator`;
  return `${message} (HTTP 404 from ${url}): no Fyno API there; ${hint} (option baseUrl, or FYNO_BASE_URL)`;
}

/**
 * One request as a logical call of its own (profiles, properties, `fire`, queue batches): through
 * the tracker when there is one, else straight to `send`. Not `async`: an async wrapper would cost
 * every call an extra promise.
 */
export function execute<T>(ctx: CallContext, spec: CallSpec, options: RequestOptions | undefined, internal?: boolean): Promise<T> {
  if (!__FYNO_KIT_WEB__ && ctx.tracker) return ctx.tracker.run(spec, (hook) => send<T>(ctx, spec, options, hook), internal);
  return send(ctx, spec, options);
}

/**
 * Sends one request with retries; resolves the parsed 2xx body or rejects with a `FynoError`. Use
 * it through `execute`, or inside a `call` (fireBulk's chunks), so `close()` waits for it.
 */
export async function send<T>(ctx: CallContext, spec: CallSpec, options: RequestOptions | undefined, hook?: AttemptHook): Promise<T> {
  const { config, transport } = ctx;
  const timeoutMs = options?.timeoutMs ?? config.timeoutMs;
  const maxRetries = options?.maxRetries ?? config.maxRetries;
  const signal = options?.signal;
  const path = (spec.unversioned ? config.workspacePrefix : config.prefix) + spec.path;
  let headers = config.headers;
  if (options?.headers || spec.idempotencyKey !== undefined) {
    headers = options?.headers ? { ...lowerCaseKeys(options.headers), ...config.headers } : { ...config.headers };
    if (spec.idempotencyKey !== undefined) headers['idempotency-key'] = spec.idempotencyKey;
  }
  const request: TransportRequest = {
    method: spec.method,
    origin: config.origin,
    path: spec.query ? `${path}?${spec.query}` : path,
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
    const startedMs = !__FYNO_KIT_WEB__ && hook ? performance.now() : 0;
    try {
      const res = await transport.request(request);
      if (res.status >= 200 && res.status < 300) {
        if (!__FYNO_KIT_WEB__) hook?.(attempt + 1, performance.now() - startedMs, res.status);
        return (spec.raw ? res.body : parseBody(res.body)) as T;
      }
      const retryAfterMs = parseRetryAfterMs(res.header('retry-after'));
      error = apiErrorFor({ status: res.status, body: parseBody(res.body), requestPath: path }, retryAfterMs);
      if (res.status === 404) error.message = notFoundMessage(error.message, config, shownUrl(config, spec.path));
      retryable = isRetryableStatus(res.status) && (spec.idempotent || res.status === 429);
      waitMs = retryAfterMs;
    } catch (thrown) {
      if (!(thrown instanceof TransportFailure)) throw thrown;
      error = errorOfFailure(thrown, timeoutMs, shownUrl(config, spec.path));
      retryable = thrown.kind !== 'abort' && thrown.kind !== 'closed' && (spec.idempotent || thrown.notSent);
    }
    if (!retryable || attempt >= maxRetries || (waitMs !== undefined && waitMs > config.maxRetryAfterMs)) {
      if (!__FYNO_KIT_WEB__) hook?.(attempt + 1, performance.now() - startedMs, undefined, error);
      throw withKey(error, spec);
    }
    const delay = waitMs ?? backoffDelayMs(attempt, { initialDelayMs: config.initialRetryDelayMs, maxDelayMs: config.maxRetryDelayMs });
    if (!__FYNO_KIT_WEB__) hook?.(attempt + 1, performance.now() - startedMs, undefined, withKey(error, spec), delay);
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
