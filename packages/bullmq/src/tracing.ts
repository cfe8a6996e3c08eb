/**
 * Carries a trace across the queue: `enqueue` writes the W3C `traceparent` of a producer span into
 * the job's data, and the worker continues that trace in a consumer span around the job's send, so
 * one trace runs from the request that enqueued through the worker's `fyno.fire`. Uses
 * `@opentelemetry/api` when installed (an optional peer) and does nothing otherwise. Never puts
 * payloads or recipients on a span.
 */
import { createRequire } from 'node:module';
import type * as OTel from '@opentelemetry/api';

// A variable, so bundlers leave the lookup to run time instead of failing on a missing module.
const API_PACKAGE = '@opentelemetry/api';
let cached: typeof OTel | null | undefined;

/** The installed `@opentelemetry/api`, or undefined (then tracing is a no-op). */
function otel(): typeof OTel | undefined {
  if (cached === undefined) {
    try {
      cached = createRequire(typeof __filename === 'string' ? __filename : import.meta.url)(API_PACKAGE) as typeof OTel;
    } catch {
      cached = null;
    }
  }
  return cached ?? undefined;
}

/** `SpanKind` values of the OpenTelemetry spec (stable). */
const PRODUCER = 3;
const CONSUMER = 4;
const INTERNAL = 0;
/** `SpanStatusCode.ERROR`. */
const ERROR = 2;

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Attributes shared by our messaging spans (OpenTelemetry messaging conventions). */
function messaging(queueName: string, operation: string): Record<string, string> {
  return { 'messaging.system': 'bullmq', 'messaging.destination.name': queueName, 'messaging.operation.type': operation };
}

async function inSpan<T>(api: typeof OTel, name: string, options: OTel.SpanOptions, parent: OTel.Context, fn: (span: OTel.Span) => Promise<T>): Promise<T> {
  const span = api.trace.getTracer('@fyno-kit/bullmq').startSpan(name, options, parent);
  try {
    return await api.context.with(api.trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    span.setAttribute('error.type', (error as { code?: string })?.code ?? (error as Error)?.name ?? 'Error');
    span.setStatus({ code: ERROR });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Runs `add` inside a producer span and hands it the span's `traceparent` for the job data; without
 * OpenTelemetry `add` gets undefined. `count` > 1 for a bulk enqueue.
 */
export function traceEnqueue<T>(queueName: string, event: string, count: number, add: (traceparent: string | undefined) => Promise<T>): Promise<T> {
  const api = otel();
  if (!api) return add(undefined);
  const attributes = { ...messaging(queueName, 'send'), 'fyno.event': event, ...(count > 1 ? { 'messaging.batch.message_count': count } : {}) };
  return inSpan(api, `send ${queueName}`, { kind: PRODUCER, attributes }, api.context.active(), (span) => {
    const { traceId, spanId, traceFlags } = span.spanContext();
    const traceparent = api.isSpanContextValid(span.spanContext()) ? `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}` : undefined;
    return add(traceparent);
  });
}

/** The remote context of a job's `traceparent`, or undefined. */
function jobContext(api: typeof OTel, traceparent: string | undefined): OTel.SpanContext | undefined {
  const match = traceparent === undefined ? null : TRACEPARENT.exec(traceparent);
  if (!match) return undefined;
  const spanContext = { traceId: match[1]!, spanId: match[2]!, traceFlags: Number.parseInt(match[3]!, 16), isRemote: true };
  return api.isSpanContextValid(spanContext) ? spanContext : undefined;
}

/**
 * Runs a job's processing inside a consumer span that continues the trace of its `traceparent`
 * (a new trace when it has none), so the job's `fyno.fire` joins the enqueuing request's trace.
 */
export function traceJob<T>(queueName: string, job: { id?: string; data: { event: string; traceparent?: string } }, process: () => Promise<T>): Promise<T> {
  const api = otel();
  if (!api) return process();
  const remote = jobContext(api, job.data.traceparent);
  const parent = remote ? api.trace.setSpanContext(api.ROOT_CONTEXT, remote) : api.ROOT_CONTEXT;
  const attributes = { ...messaging(queueName, 'process'), 'fyno.event': job.data.event, ...(job.id ? { 'messaging.message.id': job.id } : {}) };
  return inSpan(api, `process ${queueName}`, { kind: CONSUMER, attributes }, parent, () => process());
}

/**
 * Runs a grouped bulk send in a span of its own, linked to the trace of every job in it: one
 * request serves many traces, so it belongs to none of them (the messaging conventions' batch shape).
 */
export function traceBatch<T>(queueName: string, event: string, traceparents: Array<string | undefined>, send: () => Promise<T>): Promise<T> {
  const api = otel();
  if (!api) return send();
  const links = traceparents
    .map((t) => jobContext(api, t))
    .filter((c): c is OTel.SpanContext => c !== undefined)
    .map((context) => ({ context }));
  const attributes = { ...messaging(queueName, 'process'), 'fyno.event': event, 'messaging.batch.message_count': traceparents.length };
  return inSpan(api, `send_batch ${queueName}`, { kind: INTERNAL, attributes, links, root: true }, api.ROOT_CONTEXT, () => send());
}
