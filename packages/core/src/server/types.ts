/**
 * The notify-route policy and its wire format: the single definition of which events a browser may
 * fire and what data each takes. `useNotify<typeof policy>()` reads event names and data types from it.
 */
import type { Callback, Destinations, FireResponse } from '../types';
import type { RequestOptions } from '../request';
import type { NotifyErrorCode } from './error-codes';
import type { Exchange, ExchangeAnswer, ExchangeRoute } from './exchange';

export type { NodeRequestLike, NodeResponseLike } from './exchange';

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

export type { NotifyErrorCode };

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

/** The body of a `NotifyHttpRequest`: raw bytes for the route to parse, or a body the framework parsed already. */
export type NotifyHttpBody =
  | {
      /** The raw body bytes (or text), read with the size cap; `undefined` when there is none. */
      body: string | Uint8Array | undefined;
      parsedBody?: undefined;
      hasParsedBody?: false;
    }
  | {
      /** A body the framework already parsed as JSON (Nest, or Express after `express.json()`). */
      parsedBody: unknown;
      /** True when `parsedBody` is to be used even if it is `undefined` (default: when `parsedBody` is set). */
      hasParsedBody?: boolean;
      /** Ignored when `parsedBody` is used. */
      body?: string | Uint8Array | undefined;
    };

/**
 * One request as the route sees it: `{ method, header, request, body }` or `{ method, header,
 * request, parsedBody }`. Adapters translate their framework's request to this shape; the route
 * never touches the framework itself except to hand `request` to the policy's hooks.
 */
export type NotifyHttpRequest<TRequest = unknown> = NotifyHttpRequestBase<TRequest> & NotifyHttpBody;

/** The fields of a `NotifyHttpRequest` besides its body. */
export interface NotifyHttpRequestBase<TRequest = unknown> {
  /** HTTP method, any case. */
  method: string;
  /** A request header by lower-case name. */
  header(name: string): string | undefined;
  /** The framework's request object, passed to `identify` and the rule's hooks. */
  request: TRequest;
  /** The client for this request when the policy names none (e.g. Express's `req.fyno`). */
  client?: NotifyRouteClient;
}

/** The route's answer, for the host to write as it is (`unexpectedError`: see `ExchangeAnswer`). */
export interface NotifyHttpResponse extends ExchangeAnswer<NotifySuccessBody | NotifyErrorBody> {
  /** Always `content-type` JSON and `cache-control: no-store`. */
  headers: Record<string, string>;
}

/**
 * A notify route: the framework-agnostic handler with its own limiter and client. `serve` runs a
 * whole exchange (the framework's parsed body is used when there is one).
 */
export interface NotifyRoute<TRequest = unknown> extends ExchangeRoute<TRequest, NotifyHttpResponse> {
  /** Runs every check on a body already in hand and, when all pass, fires the event. Never rejects. */
  handle(request: NotifyHttpRequest<TRequest>): Promise<NotifyHttpResponse>;
  /**
   * The checks that need no body (method, Content-Type, declared Content-Length, Content-Encoding):
   * `undefined` when they pass.
   */
  precheck(request: Pick<NotifyHttpRequest<TRequest>, 'method' | 'header'>): NotifyHttpResponse | undefined;
}

/** One whole exchange, as a host hands it to `route.serve`. */
export type NotifyExchange<TRequest = unknown> = Exchange<TRequest, NotifyHttpResponse>;

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
