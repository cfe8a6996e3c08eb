/**
 * The notify-route policy and its wire format: the single definition of which events a browser may
 * fire and what data each takes. `useNotify<typeof policy>()` reads event names and data types from it.
 */
import type { Callback, Destinations, FireResponse } from '../types';
import type { RequestOptions } from '../request';

/** A Standard Schema (zod ≥ 3.24, valibot ≥ 1, arktype …): validated through `~standard.validate`. */
export interface StandardSchemaLike<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) =>
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
export type DataRule<Input = any, Output = any> =
  | StandardSchemaLike<Input, Output>
  | ParserLike<Output>
  | ((data: Input) => Output | Promise<Output>);

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
export interface EventRule<TRequest = any, Input = any, Output = any> {
  /** Checks or transforms the browser's data. */
  data?: DataRule<Input, Output>;
  /** Extra destinations, computed on the server (the browser never chooses a recipient). */
  to?: (ctx: NotifyContext<TRequest, Output>) => Destinations | undefined | Promise<Destinations | undefined>;
  /** Delivery-report fields, computed on the server. */
  callback?: (ctx: NotifyContext<TRequest, Output>) => Callback | undefined | Promise<Callback | undefined>;
}

/** The part of a Fyno client the route needs (any `Fyno` instance fits). */
export interface NotifyClient {
  fire(event: string, payload: { distinct_id: string; to?: Destinations; data?: object; callback?: Callback }, options?: RequestOptions): Promise<FireResponse>;
}

/** Per-user rate limit of the route. */
export interface RateLimitOptions {
  /** Requests allowed per user per window. Default 20. */
  limit: number;
  /** Window length. Default 60 000 ms. */
  windowMs: number;
}

/** The notify route's policy: who is asking, and what they may fire. */
export interface NotifyPolicy<TRequest = any> {
  /** Returns the signed-in user's `distinct_id`, or null/undefined when nobody is signed in (→ 401). */
  identify: (request: TRequest) => string | null | undefined | Promise<string | null | undefined>;
  /** The allow-list: event name → rule. Any other event → 403 `event_not_allowed`. */
  events: Record<string, EventRule<TRequest>>;
  /** The client to send with. Default: a `Fyno` built from `FYNO_*` environment variables on first use. */
  client?: NotifyClient;
  /** Largest accepted body. Default 16 384 bytes. */
  maxBodyBytes?: number;
  /** Per-user rate limit, or `false` to turn it off (e.g. when a gateway limits already). */
  rateLimit?: Partial<RateLimitOptions> | false;
  /** Called with unexpected errors and upstream failures (for your logger). Never given the API key. */
  onError?: (error: unknown, info: { event?: string; distinctId?: string; code: NotifyErrorCode }) => void;
}

/** Stable error codes of the notify route; documented in the README. */
export type NotifyErrorCode =
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'invalid_json'
  | 'invalid_body'
  | 'forbidden_field'
  | 'unauthorized'
  | 'event_not_allowed'
  | 'invalid_data'
  | 'rate_limited'
  | 'upstream_rejected'
  | 'upstream_rate_limited'
  | 'upstream_error'
  | 'upstream_unavailable'
  | 'upstream_timeout'
  | 'internal_error';

/** Every error body of the route. */
export interface NotifyErrorBody {
  error: { code: NotifyErrorCode; message: string };
}

/** The 202 body: what Fyno accepted, without destinations (no phone number or email goes back to the browser). */
export interface NotifySuccessBody {
  event: string;
  request_id: string;
  received_time: string;
  channels: Record<string, { status: string; msg_id: string }>;
}

/**
 * One request as the route sees it. Adapters translate their framework's request to this shape;
 * the route never touches the framework itself except to hand `request` to the policy's hooks.
 */
export interface NotifyHttpRequest<TRequest = unknown> {
  /** HTTP method, any case. */
  method: string;
  /** A request header by lower-case name. */
  header(name: string): string | undefined;
  /** The raw body bytes (or text), read with the size cap; `undefined` when there is none. */
  body: string | Uint8Array | undefined;
  /** A body the framework already parsed as JSON (Nest, or Express after `express.json()`). */
  parsedBody?: unknown;
  /** True when `parsedBody` is to be used instead of `body` (default: when `parsedBody` is set). */
  hasParsedBody?: boolean;
  /** The framework's request object, passed to `identify` and the rule's hooks. */
  request: TRequest;
  /** The client for this request when the policy names none (e.g. Express's `req.fyno`). */
  client?: NotifyClient;
}

/** The route's answer, for the adapter to write as it is. */
export interface NotifyHttpResponse {
  status: number;
  /** Lower-case header names; always `content-type` JSON and `cache-control: no-store`. */
  headers: Record<string, string>;
  body: NotifySuccessBody | NotifyErrorBody;
  /**
   * Set on `internal_error`: the unexpected error behind it (e.g. `identify` threw). Adapters whose
   * framework has its own error pipeline (Express's `next(err)`) may hand it there instead of
   * writing the 500 body. Never sent to the browser.
   */
  unexpectedError?: unknown;
}

/** A notify route: the framework-agnostic handler with its own limiter and client. */
export interface NotifyRoute<TRequest = unknown> {
  /** Runs every check and, when all pass, fires the event. Never rejects. */
  handle(request: NotifyHttpRequest<TRequest>): Promise<NotifyHttpResponse>;
  /**
   * The checks that need no body (method, Content-Type, declared Content-Length): adapters call it
   * before reading the body, so a wrong request costs nothing. `undefined` when they pass.
   */
  precheck(request: Pick<NotifyHttpRequest<TRequest>, 'method' | 'header'>): NotifyHttpResponse | undefined;
  /** The body cap in bytes; adapters stop reading one byte past it. */
  readonly maxBodyBytes: number;
}

// ---- type helpers for the browser side -------------------------------------------------------

type InputOf<R> = R extends { data: infer D }
  ? D extends { readonly '~standard': { readonly types?: infer T } }
    ? NonNullable<T> extends { readonly input: infer I }
      ? I
      : Record<string, unknown>
    : D extends (data: infer I) => any
      ? unknown extends I
        ? Record<string, unknown>
        : I
      : D extends { parse(value: unknown): infer O }
        ? O
        : D extends { safeParse(value: unknown): { success: true; data: infer O } | any }
          ? O
          : Record<string, unknown>
  : Record<string, unknown> | undefined;

/** Event names a policy allows. */
export type NotifyEventName<P> = P extends { events: infer E } ? Extract<keyof E, string> : string;

/** The data the browser sends for event `E` of policy `P`. */
export type NotifyEventData<P, E extends string> = P extends { events: infer Ev }
  ? E extends keyof Ev
    ? InputOf<Ev[E]>
    : never
  : Record<string, unknown> | undefined;
