/**
 * Spans on `@opentelemetry/api`, typed structurally so core has no dependency on it: the API is an
 * optional peer, found by the Node entry (otel-load.ts) or passed as `openTelemetry`. Platform-neutral,
 * so the notify route (core/server) can use `withSpan` too. Never put recipients, data or the key
 * on a span.
 */

/** A span attribute value, as OpenTelemetry accepts it. */
export type SpanAttributeValue = string | number | boolean;
/** Span or event attributes; `undefined` values are left out. */
export type SpanAttributes = Record<string, SpanAttributeValue | undefined>;

/** The part of an OpenTelemetry `Span` used here. */
export interface OpenTelemetrySpan {
  setAttribute(key: string, value: SpanAttributeValue): unknown;
  addEvent(name: string, attributes?: Record<string, SpanAttributeValue>): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  isRecording(): boolean;
  end(): void;
  /** Its trace and span ids (optional, so an API without it still works, only less cheaply). */
  spanContext?(): unknown;
}

/** The part of an OpenTelemetry `Tracer` used here. */
export interface OpenTelemetryTracer {
  startSpan(name: string, options?: { kind?: number; attributes?: Record<string, SpanAttributeValue>; root?: boolean }, context?: unknown): OpenTelemetrySpan;
}

/**
 * The part of `@opentelemetry/api` used here: pass the module itself
 * (`import * as api from '@opentelemetry/api'`).
 */
export interface OpenTelemetryApi {
  trace: {
    getTracer(name: string, version?: string): OpenTelemetryTracer;
    setSpan(context: any, span: any): any;
    /** The span context of the span active in `context` (optional, as above). */
    getSpanContext?(context: any): unknown;
  };
  context: {
    active(): any;
    with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: any, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F>;
  };
}

/** `SpanStatusCode.ERROR` (a stable value of the OpenTelemetry spec). */
const STATUS_ERROR = 2;

/** A span as `withSpan` hands it to its callback: add events and attributes, nothing else. */
export interface SpanHandle {
  /** False when nothing records this span (no SDK, or sampled out): skip building attributes. */
  readonly recording: boolean;
  /** Adds an event (e.g. one per attempt, or per step of a route). */
  event(name: string, attributes?: SpanAttributes): void;
  /** Sets attributes on the span. */
  set(attributes: SpanAttributes): void;
}

/** Options of `withSpan`. */
export interface WithSpanOptions {
  /** `SpanKind` value; default INTERNAL (0). */
  kind?: number;
  /** Start a new trace instead of joining the active one. */
  root?: boolean;
  /** Parent context (e.g. extracted from a `traceparent`); default the active context. */
  parent?: unknown;
  /** Error attributes for a failure; default `error.type` = the error's `code` or name. */
  describeError?: (error: unknown) => SpanAttributes;
}

/** A tracer bound to the API it came from. */
export interface Telemetry {
  readonly api: OpenTelemetryApi;
  readonly tracer: OpenTelemetryTracer;
}

/** The tracer of `@fyno-kit/core`, from `api`. */
export function createTelemetry(api: OpenTelemetryApi, version: string): Telemetry {
  return { api, tracer: api.trace.getTracer('@fyno-kit/core', version) };
}

function clean(attributes: SpanAttributes | undefined): Record<string, SpanAttributeValue> | undefined {
  if (!attributes) return undefined;
  const out: Record<string, SpanAttributeValue> = {};
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

const NOOP_HANDLE: SpanHandle = { recording: false, event() {}, set() {} };

/** The trace id of the API's invalid span context: what its no-op tracer gives a span with no parent. */
const INVALID_TRACE_ID = '00000000000000000000000000000000';

/**
 * True when `span` is the API's no-op tracer carrying the parent's own span context (or, with no
 * span in the parent, the invalid one): made active, it would change nothing a child could see. An
 * SDK, even one that samples the span out, gives every span ids of its own, so its spans never are.
 */
function carriesParentOnly(api: OpenTelemetryApi, parent: unknown, span: OpenTelemetrySpan): boolean {
  if (typeof span.spanContext !== 'function' || typeof api.trace.getSpanContext !== 'function') return false;
  const own = span.spanContext();
  const inherited = api.trace.getSpanContext(parent);
  if (inherited !== undefined) return own === inherited;
  return (own as { traceId?: unknown } | undefined)?.traceId === INVALID_TRACE_ID;
}

/** The error's stable code (`server_error`, `timeout`, …) or its class name. */
export function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return (error as Error | null)?.name ?? 'Error';
}

/**
 * Runs `fn` inside a new span named `name` (active, so spans started inside it are its children),
 * and ends the span when `fn` settles: on a rejection the span's status is ERROR with
 * `error.type`. Without telemetry `fn` runs as is, with a handle that does nothing.
 *
 * @example
 * withSpan(telemetry, 'fyno.notify', { 'fyno.event': event }, async (span) => {
 *   span.event('identify');
 *   return fire();
 * });
 */
export function withSpan<T>(
  telemetry: Telemetry | undefined,
  name: string,
  attributes: SpanAttributes | undefined,
  fn: (span: SpanHandle) => Promise<T>,
  options: WithSpanOptions = {},
): Promise<T> {
  if (!telemetry) return fn(NOOP_HANDLE);
  const { api, tracer } = telemetry;
  const parent = options.parent ?? api.context.active();
  const span = tracer.startSpan(name, { kind: options.kind ?? 0, attributes: clean(attributes), root: options.root }, parent);
  const recording = span.isRecording();
  if (!recording) {
    // Nothing records it (no SDK, or sampled out): ending it now changes nothing, and saves the
    // call a promise. It is still made active, so a sampled-out trace stays sampled out below.
    span.end();
    // Without an SDK (the API alone, its tracer a no-op) the context copy (a Map and three closures
    // per span, two spans per notify request) and `with` are skipped: see `carriesParentOnly`.
    if (carriesParentOnly(api, parent, span)) return fn(NOOP_HANDLE);
    return api.context.with(api.trace.setSpan(parent, span), fn, undefined, NOOP_HANDLE);
  }
  const handle: SpanHandle = recording
    ? {
        recording,
        event: (eventName, eventAttributes) => void span.addEvent(eventName, clean(eventAttributes)),
        set(values) {
          for (const key in values) {
            const value = values[key];
            if (value !== undefined) span.setAttribute(key, value);
          }
        },
      }
    : NOOP_HANDLE;
  let result: Promise<T>;
  try {
    result = api.context.with(api.trace.setSpan(parent, span), fn, undefined, handle);
  } catch (error) {
    result = Promise.reject(error);
  }
  return result.then(
    (value) => {
      span.end();
      return value;
    },
    (error: unknown) => {
      if (recording) {
        const described = options.describeError?.(error) ?? { 'error.type': errorType(error) };
        handle.set(described);
        span.setStatus({ code: STATUS_ERROR, message: errorType(error) });
      }
      span.end();
      throw error;
    },
  );
}

/** Where a client keeps its telemetry, for code that gets the client and wants its tracer (the route). */
export const TELEMETRY: unique symbol = Symbol.for('@fyno-kit/core.telemetry');

/** The telemetry of a `Fyno` client (any copy of this package), or undefined when it traces nothing. */
export function telemetryOf(client: unknown): Telemetry | undefined {
  return typeof client === 'object' && client !== null ? ((client as Record<symbol, Telemetry | undefined>)[TELEMETRY] ?? undefined) : undefined;
}
