/**
 * W3C `traceparent` (https://www.w3.org/TR/trace-context/#traceparent-header), to carry a trace where
 * no propagator runs: a queue job's data, read back by a worker in another process. Platform-neutral
 * and without the OpenTelemetry API: a span context is plain data.
 */
import type { OpenTelemetrySpanContext, OpenTelemetrySpanLink, Telemetry } from './telemetry';

// Version 00 only: a later version may add fields this reader would not understand.
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
/** The trace id of the API's invalid span context: what its no-op tracer gives a span with no parent. */
export const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

/** True for ids a span may carry: the right length of lowercase hex, and not all zeros. */
function validIds(traceId: string, spanId: string): boolean {
  return HEX32.test(traceId) && HEX16.test(spanId) && traceId !== INVALID_TRACE_ID && spanId !== INVALID_SPAN_ID;
}

/** The `traceparent` of a span context, or undefined for an invalid one (a no-op span has no trace). */
export function formatTraceparent(context: OpenTelemetrySpanContext): string | undefined {
  if (!validIds(context.traceId, context.spanId)) return undefined;
  return `00-${context.traceId}-${context.spanId}-${(context.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The remote span context a `traceparent` names, or undefined when it is missing or malformed. */
export function parseTraceparent(traceparent: string | undefined): OpenTelemetrySpanContext | undefined {
  const match = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent) : null;
  if (!match || !validIds(match[1]!, match[2]!)) return undefined;
  return { traceId: match[1]!, spanId: match[2]!, traceFlags: Number.parseInt(match[3]!, 16), isRemote: true };
}

/**
 * The parent context that continues the trace of `traceparent`, for `withSpan`'s `parent`: the root
 * context carrying that remote span, or the bare root context (a new trace) when there is none or it
 * is malformed. Never the active context, so nothing of the caller's context leaks in. Undefined
 * without telemetry.
 *
 * @example
 * withSpan(telemetry, 'process jobs', attributes, run, { kind: 4, parent: traceContext(telemetry, job.data.traceparent) });
 */
export function traceContext(telemetry: Telemetry | undefined, traceparent?: string): unknown {
  if (!telemetry) return undefined;
  const { api } = telemetry;
  const remote = parseTraceparent(traceparent);
  return remote ? api.trace.setSpanContext(api.ROOT_CONTEXT, remote) : api.ROOT_CONTEXT;
}

/**
 * Links to the trace of each `traceparent`, for `withSpan`'s `links` (a span that serves many traces,
 * such as one bulk request for many jobs, belongs to none of them and links to all). Missing and
 * malformed ones are left out; undefined without telemetry.
 */
export function traceLinks(telemetry: Telemetry | undefined, traceparents: ReadonlyArray<string | undefined>): OpenTelemetrySpanLink[] | undefined {
  if (!telemetry) return undefined;
  const links: OpenTelemetrySpanLink[] = [];
  for (const traceparent of traceparents) {
    const context = parseTraceparent(traceparent);
    if (context) links.push({ context });
  }
  return links;
}
