/**
 * The notify route's policy: the single definition of which events a browser may fire, what data
 * each takes, who is asking and how often. `useNotify<typeof policy>()` reads event names and data
 * types from it (./browser-types.ts).
 */
import type { Callback, Destinations, FireResponse } from '../types';
import type { RequestOptions } from '../request';
import type { NotifyErrorCode } from './error-codes';

/** A Standard Schema (zod ≥ 3.24, valibot ≥ 1, arktype …): validated through `~standard.validate`. */
export interface StandardSchemaLike<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) =>
      | { readonly value: Output; readonly issues?: undefined }
      | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<unknown> }> }
      | Promise<
          | { readonly value: Output; readonly issues?: undefined }
          | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<unknown> }> }
        >;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** Any validator with `safeParse` or `parse` (zod, yup-like adapters, hand-written). */
export interface ParserLike<Output = unknown> {
  safeParse?(value: unknown): { success: true; data: Output } | { success: false; error: unknown };
  parse?(value: unknown): Output;
}

/**
 * Checks (and may transform) the browser's `data`. A function returns the data to send or throws
 * to reject it (→ 400 `invalid_data`).
 */
export type DataRule<Input = any, Output = any> = StandardSchemaLike<Input, Output> | ParserLike<Output> | ((data: Input) => Output | Promise<Output>);

/** What server-side hooks of a rule receive. */
export interface NotifyContext<TRequest = unknown, TData = unknown> {
  /** The signed-in user, from `identify`. */
  distinctId: string;
  event: string;
  /** The data after the rule's check. */
  data: TData;
  /** The framework's request object (Express `req`, Nest's request, or a web `Request`). */
  request: TRequest;
}

/** How one allowed event is handled. Every field is optional: `{}` allows any JSON-object data. */
export interface EventRule<TRequest = never, Input = any, Output = any> {
  /** Checks or transforms the browser's data. */
  data?: DataRule<Input, Output>;
  /** Extra destinations, computed on the server (the browser never chooses a recipient). */
  to?: (ctx: NotifyContext<TRequest, Output>) => Destinations | undefined | Promise<Destinations | undefined>;
  /** Delivery-report fields, computed on the server. */
  callback?: (ctx: NotifyContext<TRequest, Output>) => Callback | undefined | Promise<Callback | undefined>;
}

/** The part of a Fyno client the route needs (any `Fyno` instance fits). */
export interface NotifyRouteClient {
  fire(event: string, payload: { distinct_id: string; to?: Destinations; data?: object; callback?: Callback }, options?: RequestOptions): Promise<FireResponse>;
}

/** Per-user rate limit of the route, kept in this process (a sliding window). */
export interface RateLimitOptions {
  /** Requests allowed per user in any span of `windowMs`. Default 20. */
  limit: number;
  /** Window length. Default 60 000 ms. */
  windowMs: number;
}

/**
 * A shared rate-limit store: anything with `consume(key)` that resolves when the call is allowed and
 * rejects when it is not. Every `rate-limiter-flexible` limiter fits (`RateLimiterRedis`,
 * `RateLimiterPostgres`, `RateLimiterMemory` …): it rejects with a result carrying `msBeforeNext`
 * when the limit is reached, and with an `Error` when its store fails (→ 503, nothing sent).
 */
export interface RateLimiterLike {
  consume(key: string, points?: number): Promise<unknown>;
}

/**
 * The notify route's policy: who is asking, and what they may fire.
 *
 * @typeParam TRequest - the framework's request that `identify` and the rules' hooks receive. The
 * default `never` accepts every annotated `identify` but lets no unannotated `req` be used: name the
 * type (`NotifyPolicy<Request>`, `defineNotifyPolicy<Request>()({ … })`) or annotate `req`.
 */
export interface NotifyPolicy<TRequest = never> {
  /** Returns the signed-in user's `distinct_id`, or null/undefined when nobody is signed in (→ 401). */
  identify: (request: TRequest) => string | null | undefined | Promise<string | null | undefined>;
  /** The allow-list: event name → rule. Any other event → 403 `event_not_allowed`. */
  events: Record<string, EventRule<TRequest>>;
  /** The client to send with. Default: a `Fyno` built from `FYNO_*` environment variables on first use. */
  client?: NotifyRouteClient;
  /** Largest accepted body. Default 16 384 bytes. */
  maxBodyBytes?: number;
  /**
   * Per-user rate limit: options for the in-process limiter (default 20 per minute), a shared store
   * such as a `rate-limiter-flexible` limiter (one limit across every instance), or `false` to turn
   * it off (e.g. when a gateway limits already).
   */
  rateLimit?: Partial<RateLimitOptions> | RateLimiterLike | false;
  /**
   * Longest wait for the request body once the headers are in; past it → 408 and the connection is
   * closed. Default 10 000 ms. Applies where the route reads the body itself.
   */
  bodyTimeoutMs?: number;
  /**
   * Called with unexpected errors and upstream failures (for your logger) instead of the default
   * one-line `console.error`. Never given the API key; `event` is set only when it is an allowed event.
   */
  onError?: (error: unknown, info: { event?: string; distinctId?: string; code: NotifyErrorCode }) => void;
}
