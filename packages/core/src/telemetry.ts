/**
 * Spans on `@opentelemetry/api`, typed structurally so core has no dependency on it: the API is an
 * optional peer, found by the Node entry (otel-load.ts) or passed as `openTelemetry`. Platform-neutral,
 * so the notify route (core/server) can use `withSpan` too, and so can adapters through
 * `@fyno-kit/core/adapter` (bullmq's queue spans). Never put recipients, data or the key on a span.
 */
import { formatTraceparent, INVALID_TRACE_ID } from './traceparent';

/** A span attribute value, as OpenTelemetry accepts it. */
export type SpanAttributeValue = string | number | boolean;
/** Span or event attributes; `undefined` values are left out. */
export type SpanAttributes = Record<string, SpanAttributeValue | undefined>;

/** The part of an OpenTelemetry `SpanContext` used here: the ids a `traceparent` carries. */
export interface OpenTelemetrySpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
  /** True for a context that came from another process (a `traceparent`). */
  isRemote?: boolean;
}

/** An OpenTelemetry span `Link`: a span this one relates to without being its child. */
export interface OpenTelemetrySpanLink {
  context: OpenTelemetrySpanContext;
  attributes?: Record<string, SpanAttributeValue>;
}

/** The part of an OpenTelemetry `Span` used here. */
export interface OpenTelemetrySpan {
  spanContext(): OpenTelemetrySpanContext;
  setAttribute(key: string, value: SpanAttributeValue): unknown;
  addEvent(name: string, attributes?: Record<string, SpanAttributeValue>): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  isRecording(): boolean;
  end(): void;
}

/** The part of an OpenTelemetry `Tracer` used here. */
export interface OpenTelemetryTracer {
  startSpan(
    name: string,
    options?: { kind?: number; attributes?: Record<string, SpanAttributeValue>; root?: boolean; links?: OpenTelemetrySpanLink[] },
    context?: unknown,
  ): OpenTelemetrySpan;
}

/**
 * The part of `@opentelemetry/api` used here: pass the module itself
 * (`import * as api from '@opentelemetry/api'`).
 */
export interface OpenTelemetryApi {
  trace: {
    getTracer(name: string, version?: string): OpenTelemetryTracer;
    setSpan(context: any, span: any): any;
    setSpanContext(context: any, spanContext: OpenTelemetrySpanContext): any;
    /** The span context of the span active in `context` (optional: without it a no-op span is made active, only less cheaply). */
    getSpanContext?(context: any): OpenTelemetrySpanContext | undefined;
  };
  /** The empty context: a span started under it begins a new trace. */
  ROOT_CONTEXT: any;
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
  /**
   * The W3C `traceparent` of this span, to carry its trace where no propagator runs (a queue job's
   * data). Also for a span nothing records, so a sampled-out trace stays sampled out downstream;
   * undefined without telemetry or for a span with no trace (the API without an SDK).
   */
  traceparent(): string | undefined;
}

/** Options of `withSpan`. */
export interface WithSpanOptions {
  /** `SpanKind` value; default INTERNAL (0). */
  kind?: number;
  /** Start a new trace instead of joining the active one. */
  root?: boolean;
  /** Parent context (e.g. `traceContext(telemetry, traceparent)`); default the active context. */
  parent?: unknown;
  /** Spans this one relates to without being their child (e.g. `traceLinks(telemetry, traceparents)`). */
  links?: OpenTelemetrySpanLink[];
  /** Error attributes for a failure; default `error.type` = the error's `code` or name. */
  describeError?: (error: unknown) => SpanAttributes;
}

/** A tracer bound to the API it came from. */
export interface Telemetry {
  readonly api: OpenTelemetryApi;
  readonly tracer: OpenTelemetryTracer;
}

/** Who makes the spans: the OpenTelemetry instrumentation scope, by package name (and version). */
export interface InstrumentationScope {
  /** The instrumenting package, e.g. `@fyno-kit/bullmq`. */
  name: string;
  version?: string;
}

/**
 * A tracer from `api` under `scope`: each package traces under its own name, as the OpenTelemetry
 * spec asks of an instrumentation library, so a backend can tell (and filter) core's spans from an
 * adapter's. Take `api` from the client (`telemetryOf(client)?.api`) where there is one, so an app's
 * `openTelemetry` choice holds.
 */
export function createTelemetry(api: OpenTelemetryApi, scope: InstrumentationScope): Telemetry {
  return { api, tracer: api.trace.getTracer(scope.name, scope.version) };
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

/** The handle of a span that does not exist (no telemetry): does nothing, carries no trace. */
export const NOOP_SPAN: SpanHandle = { recording: false, event() {}, set() {}, traceparent: () => undefined };

/** The handle of a span nothing records: events and attributes go nowhere, its trace still carries on. */
class QuietSpan implements SpanHandle {
  readonly recording = false;
  readonly #span: OpenTelemetrySpan;
  constructor(span: OpenTelemetrySpan) {
    this.#span = span;
  }
  event(): void {}
  set(): void {}
  traceparent(): string | undefined {
    return formatTraceparent(this.#span.spanContext());
  }
}

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
  return own?.traceId === INVALID_TRACE_ID;
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
  if (!telemetry) return fn(NOOP_SPAN);
  const { api, tracer } = telemetry;
  const parent = options.parent ?? api.context.active();
  const span = tracer.startSpan(name, { kind: options.kind ?? 0, attributes: clean(attributes), root: options.root, links: options.links }, parent);
  const recording = span.isRecording();
  if (!recording) {
    // Nothing records it (no SDK, or sampled out): ending it now changes nothing, and saves the
    // call a promise. It is still made active, so a sampled-out trace stays sampled out below.
    span.end();
    // Without an SDK (the API alone, its tracer a no-op) the context copy (a Map and three closures
    // per span, two spans per notify request) and `with` are skipped: see `carriesParentOnly`. Such a
    // span has no trace of its own to hand on, so its handle gives no `traceparent` either.
    if (carriesParentOnly(api, parent, span)) return fn(NOOP_SPAN);
    return api.context.with(api.trace.setSpan(parent, span), fn, undefined, new QuietSpan(span));
  }
  const handle: SpanHandle = {
    recording,
    event: (eventName, eventAttributes) => void span.addEvent(eventName, clean(eventAttributes)),
    set(values) {
      for (const key in values) {
        const value = values[key];
        if (value !== undefined) span.setAttribute(key, value);
      }
    },
    traceparent: () => formatTraceparent(span.spanContext()),
  };
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
  return typeof client === 'object' && client !== null ? ((client as Record<symbol, Telemetry | null | undefined>)[TELEMETRY] ?? undefined) : undefined;
}

/**
 * The API to trace on, by the meaning of an `openTelemetry` option (the client's, or an adapter's own):
 * none for `false`, the API given, else `load()` (on Node, the installed one).
 */
export function chooseOpenTelemetry(choice: OpenTelemetryApi | false | undefined, load: () => OpenTelemetryApi | undefined): OpenTelemetryApi | undefined {
  return choice === false ? undefined : (choice ?? load());
}

/**
 * A client's `openTelemetry` choice, for an adapter whose spans should follow it (bullmq's worker):
 * the API the client traces on, `false` when the app gave it `openTelemetry: false`, or undefined when
 * the client does not say (a stand-in, the fetch build, or no API installed), to pass to
 * `chooseOpenTelemetry`.
 */
export function openTelemetryChoiceOf(client: unknown): OpenTelemetryApi | false | undefined {
  if (typeof client !== 'object' || client === null) return undefined;
  const held = (client as Record<symbol, Telemetry | null | undefined>)[TELEMETRY];
  return held === null ? false : held?.api;
}
