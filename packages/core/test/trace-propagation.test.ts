/**
 * Carrying a trace where no propagator runs (a queue job's data): `withSpan`'s `traceparent()`,
 * `traceContext` to continue it, `traceLinks` for a span that serves many traces, and the
 * instrumentation scope an adapter traces under. Spans collected by the OTel SDK's in-memory exporter.
 */
import * as api from '@opentelemetry/api';
import { AlwaysOffSampler, BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createTelemetry, withSpan, type Telemetry } from '../src/telemetry';
import { formatTraceparent, parseTraceparent, traceContext, traceLinks } from '../src/traceparent';
import { inMemoryTracing } from './in-memory-tracing';

const exporter = inMemoryTracing();

const telemetry = createTelemetry(api, { name: '@fyno-kit/test-adapter', version: '9.9.9' });
const finished = (name: string) => exporter.getFinishedSpans().find((s) => s.name === name);

describe('traceparent round trip', () => {
  it("a span's traceparent, continued elsewhere, makes the next span its child in the same trace", async () => {
    const traceparent = await withSpan(telemetry, 'send', {}, async (span) => span.traceparent(), { kind: api.SpanKind.PRODUCER });
    const send = finished('send');
    expect(traceparent).toBe(`00-${send?.spanContext().traceId}-${send?.spanContext().spanId}-01`);

    // Continued inside an unrelated active span: the remote parent wins, nothing of the caller's trace leaks in.
    await api.trace.getTracer('test').startActiveSpan('unrelated', async (unrelated) => {
      await withSpan(telemetry, 'process', {}, async () => undefined, { kind: api.SpanKind.CONSUMER, parent: traceContext(telemetry, traceparent) });
      unrelated.end();
    });
    const process = finished('process');
    expect(process?.spanContext().traceId).toBe(send?.spanContext().traceId);
    expect(process?.parentSpanContext?.spanId).toBe(send?.spanContext().spanId);
    expect(process?.parentSpanContext?.isRemote).toBe(true);
  });

  it('a missing or malformed traceparent starts a new trace, off the active one', async () => {
    await api.trace.getTracer('test').startActiveSpan('request', async (request) => {
      for (const bad of [undefined, '', 'garbage', `00-${'0'.repeat(32)}-${'1'.repeat(16)}-01`]) {
        await withSpan(telemetry, `process ${bad}`, {}, async () => undefined, { parent: traceContext(telemetry, bad) });
      }
      request.end();
    });
    const request = finished('request');
    const processes = exporter.getFinishedSpans().filter((s) => s.name.startsWith('process '));
    expect(processes).toHaveLength(4);
    for (const span of processes) {
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe(request?.spanContext().traceId);
    }
  });

  it('a sampled-out span still hands on its trace (flags 00), so the other side stays sampled out', async () => {
    const sampledOut = new BasicTracerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const quiet: Telemetry = { api, tracer: sampledOut.getTracer('test') };
    const seen = await withSpan(quiet, 'send', {}, async (span) => ({ recording: span.recording, traceparent: span.traceparent() }));
    expect(seen.recording).toBe(false);
    expect(seen.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(parseTraceparent(seen.traceparent)?.traceFlags).toBe(0);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('without telemetry there is no traceparent, no parent and no links', async () => {
    await expect(withSpan(undefined, 'send', {}, async (span) => span.traceparent())).resolves.toBeUndefined();
    expect(traceContext(undefined, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toBeUndefined();
    expect(traceLinks(undefined, ['00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'])).toBeUndefined();
  });
});

describe('links', () => {
  it('a span linked to the traces of many traceparents, malformed ones left out', async () => {
    const parents = await Promise.all(
      [1, 2, 3].map((i) => api.trace.getTracer('test').startActiveSpan(`request ${i}`, async (span) => (span.end(), span.spanContext()))),
    );
    const traceparents = [...parents.map((c) => formatTraceparent(c)), undefined, 'nope', `01-${'a'.repeat(32)}-${'b'.repeat(16)}-01`];
    await withSpan(telemetry, 'send_batch', {}, async () => undefined, {
      root: true,
      parent: traceContext(telemetry),
      links: traceLinks(telemetry, traceparents),
    });
    const batch = finished('send_batch');
    expect(batch?.links.map((l) => [l.context.traceId, l.context.spanId])).toEqual(parents.map((c) => [c.traceId, c.spanId]));
    expect(batch?.parentSpanContext).toBeUndefined();
    expect(parents.map((c) => c.traceId)).not.toContain(batch?.spanContext().traceId);
  });
});

describe('instrumentation scope', () => {
  it("spans carry the scope the tracer was made for, not core's", async () => {
    await withSpan(telemetry, 'scoped', {}, async () => undefined);
    expect(finished('scoped')?.instrumentationScope).toMatchObject({ name: '@fyno-kit/test-adapter', version: '9.9.9' });
  });
});

describe('parseTraceparent and formatTraceparent', () => {
  const traceId = '0af7651916cd43dd8448eb211c80319c';
  const spanId = 'b7ad6b7169203331';

  it('round-trip a valid context, flags included', () => {
    for (const traceFlags of [0, 1, 0xff]) {
      const text = formatTraceparent({ traceId, spanId, traceFlags });
      expect(parseTraceparent(text)).toEqual({ traceId, spanId, traceFlags, isRemote: true });
    }
    expect(formatTraceparent({ traceId, spanId, traceFlags: 1 })).toBe(`00-${traceId}-${spanId}-01`);
  });

  it.each([
    ['upper-case hex', `00-${traceId.toUpperCase()}-${spanId}-01`],
    ['another version', `01-${traceId}-${spanId}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${spanId}-01`],
    ['an all-zero span id', `00-${traceId}-${'0'.repeat(16)}-01`],
    ['a short trace id', `00-${traceId.slice(1)}-${spanId}-01`],
    ['trailing fields', `00-${traceId}-${spanId}-01-extra`],
    ['surrounding spaces', ` 00-${traceId}-${spanId}-01 `],
  ])('refuse %s', (_, text) => {
    expect(parseTraceparent(text)).toBeUndefined();
  });

  it('give no traceparent for an invalid context (a no-op span)', () => {
    expect(formatTraceparent({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 })).toBeUndefined();
    expect(formatTraceparent(api.INVALID_SPAN_CONTEXT)).toBeUndefined();
  });
});
