/**
 * Carries a trace across the queue: `enqueue` writes the W3C `traceparent` of a producer span into
 * the job's data, and the worker continues that trace in a consumer span around the job's send, so
 * one trace runs from the request that enqueued through the worker's `fyno.fire`. Spans, links and
 * `traceparent` are core's (`@fyno-kit/core/adapter`); what is bullmq's is the messaging names and
 * attributes. Nothing without `@opentelemetry/api`. Never puts payloads or recipients on a span.
 */
import type { OpenTelemetryApi } from '@fyno-kit/core';
import { chooseOpenTelemetry, createTelemetry, traceContext, traceLinks, withSpan, type Telemetry } from '@fyno-kit/core/adapter';
import { loadOpenTelemetry } from '@fyno-kit/core/adapter/node';

/** `SpanKind` values of the OpenTelemetry spec (stable). */
const PRODUCER = 3;
const CONSUMER = 4;

/**
 * Our tracer (scope `@fyno-kit/bullmq`) by the meaning of core's `openTelemetry` option: none for
 * `false`, the API given, else the installed one (core's Node loader). The worker passes its client's
 * choice (`openTelemetryChoiceOf`), so a client told not to trace makes the worker trace nothing
 * either; the producer passes its own option.
 */
export function bullmqTelemetry(choice: OpenTelemetryApi | false | undefined): Telemetry | undefined {
  const api = chooseOpenTelemetry(choice, loadOpenTelemetry);
  return api ? createTelemetry(api, { name: '@fyno-kit/bullmq' }) : undefined;
}

/** Attributes shared by our messaging spans (OpenTelemetry messaging conventions). */
function messaging(queueName: string, operation: string): Record<string, string> {
  return { 'messaging.system': 'bullmq', 'messaging.destination.name': queueName, 'messaging.operation.type': operation };
}

/**
 * Runs `add` inside a producer span and hands it the span's `traceparent` for the job data; without
 * OpenTelemetry `add` gets undefined. `count` > 1 for a bulk enqueue.
 */
export function traceEnqueue<T>(
  telemetry: Telemetry | undefined,
  queueName: string,
  event: string,
  count: number,
  add: (traceparent: string | undefined) => Promise<T>,
): Promise<T> {
  const attributes = { ...messaging(queueName, 'send'), 'fyno.event': event, 'messaging.batch.message_count': count > 1 ? count : undefined };
  return withSpan(telemetry, `send ${queueName}`, attributes, (span) => add(span.traceparent()), { kind: PRODUCER });
}

/**
 * Runs a job's processing inside a consumer span that continues the trace of its `traceparent`
 * (a new trace when it has none), so the job's `fyno.fire` joins the enqueuing request's trace.
 */
export function traceJob<T>(
  telemetry: Telemetry | undefined,
  queueName: string,
  job: { id?: string; data: { event: string; traceparent?: string } },
  process: () => Promise<T>,
): Promise<T> {
  const attributes = { ...messaging(queueName, 'process'), 'fyno.event': job.data.event, 'messaging.message.id': job.id || undefined };
  return withSpan(telemetry, `process ${queueName}`, attributes, () => process(), { kind: CONSUMER, parent: traceContext(telemetry, job.data.traceparent) });
}

/**
 * Runs a grouped bulk send in a span of its own, linked to the trace of every job in it: one
 * request serves many traces, so it belongs to none of them (the messaging conventions' batch shape).
 */
export function traceBatch<T>(
  telemetry: Telemetry | undefined,
  queueName: string,
  event: string,
  traceparents: Array<string | undefined>,
  send: () => Promise<T>,
): Promise<T> {
  const attributes = { ...messaging(queueName, 'process'), 'fyno.event': event, 'messaging.batch.message_count': traceparents.length };
  return withSpan(telemetry, `send_batch ${queueName}`, attributes, () => send(), {
    root: true,
    parent: traceContext(telemetry),
    links: traceLinks(telemetry, traceparents),
  });
}
