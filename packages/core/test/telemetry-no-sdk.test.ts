/**
 * `withSpan` with `@opentelemetry/api` installed and no SDK registered (its tracer a no-op): the
 * span is skipped without a context copy, and what code inside it sees of the trace is what it
 * would see had the no-op span been made active: the parent's span context, or none. (With an SDK,
 * sampled in or out, the span is made active: observability.test.ts.)
 */
import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTelemetry, withSpan, type OpenTelemetryApi } from '../src/telemetry';

const telemetry = createTelemetry(api as unknown as OpenTelemetryApi, { name: 'test' });
const parentContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: api.TraceFlags.SAMPLED };

beforeAll(() => {
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  api.context.disable();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** What a span started inside `fn` (after an await) would take as its parent. */
async function seenInside(options: { root?: boolean } = {}) {
  return withSpan(
    telemetry,
    'fyno.test',
    { 'fyno.event': 'e' },
    async (span) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return { recording: span.recording, seen: api.trace.getSpanContext(api.context.active()) };
    },
    options,
  );
}

describe('withSpan without an SDK', () => {
  it('keeps the parent span context active inside, without copying the context', async () => {
    const setSpan = vi.spyOn(api.trace, 'setSpan');
    const parent = api.trace.setSpanContext(api.context.active(), parentContext);
    const inside = await api.context.with(parent, () => seenInside());
    expect(inside.recording).toBe(false);
    expect(inside.seen).toEqual(parentContext);
    expect(setSpan).not.toHaveBeenCalled();
  });

  it('leaves no valid span context active when there is no parent', async () => {
    const setSpan = vi.spyOn(api.trace, 'setSpan');
    const inside = await seenInside();
    expect(inside.seen === undefined || !api.trace.isSpanContextValid(inside.seen)).toBe(true);
    expect(setSpan).not.toHaveBeenCalled();
  });

  it('a root span under a parent still hides the parent inside (the no-op span is made active)', async () => {
    const setSpan = vi.spyOn(api.trace, 'setSpan');
    const parent = api.trace.setSpanContext(api.context.active(), parentContext);
    const inside = await api.context.with(parent, () => seenInside({ root: true }));
    expect(inside.seen === undefined || !api.trace.isSpanContextValid(inside.seen)).toBe(true);
    expect(setSpan).toHaveBeenCalledTimes(1);
  });

  it('hands on no traceparent: the no-op span has no trace of its own, with a parent or without', async () => {
    const parent = api.trace.setSpanContext(api.context.active(), parentContext);
    await expect(withSpan(telemetry, 'fyno.test', undefined, async (span) => span.traceparent(), { parent })).resolves.toBeUndefined();
    await expect(withSpan(telemetry, 'fyno.test', undefined, async (span) => span.traceparent())).resolves.toBeUndefined();
  });

  it('passes on the result and the rejection of the callback', async () => {
    await expect(withSpan(telemetry, 'fyno.test', undefined, async () => 42)).resolves.toBe(42);
    await expect(withSpan(telemetry, 'fyno.test', undefined, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it('an API without spanContext/getSpanContext still gets the span made active', async () => {
    const bare = {
      trace: { getTracer: api.trace.getTracer.bind(api.trace), setSpan: vi.fn(api.trace.setSpan) },
      context: api.context,
    } as unknown as OpenTelemetryApi;
    await withSpan(createTelemetry(bare, { name: 'test' }), 'fyno.test', undefined, async () => undefined);
    expect(bare.trace.setSpan).toHaveBeenCalledTimes(1);
  });
});
