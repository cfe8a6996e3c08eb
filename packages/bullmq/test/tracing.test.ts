/**
 * One trace from the request that enqueues, through the BullMQ job (W3C `traceparent` in its data),
 * to the worker's `fyno.fire`: spans collected by the OTel SDK's in-memory exporter, on a private
 * Redis and the emulator.
 */
import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Fyno } from '@fyno-kit/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createFynoQueue, createFynoWorker, type FynoBullQueue, type FynoBullWorker } from '../src/index';
import { waitFor } from './helpers';
import { startRedis, type TestRedis } from './redis';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let redis: TestRedis;
let emulator: RunningEmulator;
let fyno: Fyno;
let queue: FynoBullQueue;
let worker: FynoBullWorker | undefined;
let n = 0;

beforeAll(async () => {
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(provider);
  redis = await startRedis();
  emulator = await startEmulator({ events: ['order_shipped'] });
  fyno = new Fyno({ workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, baseUrl: emulator.baseUrl });
});
afterEach(async () => {
  await worker?.close();
  worker = undefined;
  await queue?.queue.obliterate({ force: true });
  await queue?.close();
  exporter.reset();
  emulator.clear();
});
afterAll(async () => {
  await fyno?.close();
  await emulator?.stop();
  await redis?.destroy();
  await provider.shutdown();
  api.trace.disable();
  api.context.disable();
});

const EMAIL = 'trace.me@example.com';

/** An OpenTelemetry API whose tracers come from a provider of its own, not the global one. */
function apiOfItsOwn() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, provider, api: { ...api, trace: { ...api.trace, getTracer: (name: string, version?: string) => provider.getTracer(name, version) } } };
}

it("a trace runs from the enqueuing request through the job to the worker's fyno.fire", async () => {
  const queueName = `trace${++n}`;
  queue = createFynoQueue({ connection: redis.url, queueName });
  const requestTraceId = await api.trace.getTracer('test').startActiveSpan('POST /api/fyno/notify', async (span) => {
    await queue.enqueue('order_shipped', { distinct_id: 'u_1', to: { email: EMAIL } }, { idempotencyKey: 'trace-1' });
    span.end();
    return span.spanContext().traceId;
  });
  worker = createFynoWorker({ connection: redis.url, fyno, queueName, batch: false, onError: () => {} });
  await waitFor(() => emulator.messages().length === 1, 15_000, 'the job to be sent');
  await waitFor(() => exporter.getFinishedSpans().some((s) => s.name === `process ${queueName}`), 5_000, 'the process span');

  const spans = exporter.getFinishedSpans();
  const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
  const fire = byName['fyno.fire'];
  const processSpan = byName[`process ${queueName}`];
  const send = byName[`send ${queueName}`];
  expect(fire).toBeDefined();
  // One trace id from the request to the worker's call to Fyno…
  expect(new Set([requestTraceId, send?.spanContext().traceId, processSpan?.spanContext().traceId, fire?.spanContext().traceId])).toEqual(
    new Set([requestTraceId]),
  );
  // …and each step a child of the one before.
  expect(send?.parentSpanContext?.spanId).toBe(byName['POST /api/fyno/notify']?.spanContext().spanId);
  expect(processSpan?.parentSpanContext?.spanId).toBe(send?.spanContext().spanId);
  expect(fire?.parentSpanContext?.spanId).toBe(processSpan?.spanContext().spanId);
  expect(send?.kind).toBe(api.SpanKind.PRODUCER);
  expect(processSpan?.kind).toBe(api.SpanKind.CONSUMER);
  expect(processSpan?.attributes).toMatchObject({ 'messaging.system': 'bullmq', 'messaging.destination.name': queueName, 'fyno.event': 'order_shipped' });
  expect(fire?.attributes['fyno.idempotency_key']).toMatch(/^bullmq:trace\d+:key-/);
  expect(JSON.stringify(spans.map((s) => [s.attributes, s.events]))).not.toContain(EMAIL);
});

it('a grouped bulk send is a span of its own, linked to the trace of every job in it', async () => {
  const queueName = `trace${++n}`;
  queue = createFynoQueue({ connection: redis.url, queueName });
  const tracer = api.trace.getTracer('test');
  const traceIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    await tracer.startActiveSpan(`request ${i}`, async (span) => {
      await queue.enqueue('order_shipped', { distinct_id: `u_${i}`, to: { email: EMAIL } });
      traceIds.push(span.spanContext().traceId);
      span.end();
    });
  }
  worker = createFynoWorker({ connection: redis.url, fyno, queueName, concurrency: 10, batch: { size: 3, maxWaitMs: 500 }, onError: () => {} });
  await waitFor(() => emulator.messages().length === 3, 15_000, 'the jobs to be sent');
  await waitFor(() => exporter.getFinishedSpans().filter((s) => s.name === `process ${queueName}`).length === 3, 5_000, 'the process spans');

  const spans = exporter.getFinishedSpans();
  const batch = spans.find((s) => s.name === `send_batch ${queueName}`);
  expect(batch?.attributes['messaging.batch.message_count']).toBe(3);
  expect(new Set(batch?.links.map((l) => l.context.traceId))).toEqual(new Set(traceIds));
  const bulk = spans.find((s) => s.name === 'fyno.fire_bulk');
  expect(bulk?.parentSpanContext?.spanId).toBe(batch?.spanContext().spanId);
  // Each job's process span stays in its own request's trace.
  expect(new Set(spans.filter((s) => s.name === `process ${queueName}`).map((s) => s.spanContext().traceId))).toEqual(new Set(traceIds));
});

it('a batch job: one producer span for the whole enqueueBatch, every job of it continuing that trace', async () => {
  const queueName = `trace${++n}`;
  queue = createFynoQueue({ connection: redis.url, queueName });
  const requestTraceId = await api.trace.getTracer('test').startActiveSpan('weekly digest', async (span) => {
    await queue.enqueueBatch(
      'order_shipped',
      Array.from({ length: 250 }, (_, i) => ({ distinct_id: `u_${i}`, to: { email: EMAIL } })),
    );
    span.end();
    return span.spanContext().traceId;
  });
  worker = createFynoWorker({ connection: redis.url, fyno, queueName, onError: () => {} });
  await waitFor(() => emulator.messages().length === 250, 15_000, 'the batch jobs to be sent');
  await waitFor(() => exporter.getFinishedSpans().filter((s) => s.name === `process ${queueName}`).length === 3, 5_000, 'the process spans');

  const spans = exporter.getFinishedSpans();
  const producers = spans.filter((s) => s.name === `send ${queueName}`);
  expect(producers).toHaveLength(1);
  expect(producers[0]?.attributes['messaging.batch.message_count']).toBe(250);
  const processes = spans.filter((s) => s.name === `process ${queueName}`);
  expect(processes.every((s) => s.parentSpanContext?.spanId === producers[0]?.spanContext().spanId)).toBe(true);
  const bulks = spans.filter((s) => s.name === 'fyno.fire_bulk');
  expect(bulks).toHaveLength(3);
  expect(new Set(bulks.map((s) => s.parentSpanContext?.spanId))).toEqual(new Set(processes.map((s) => s.spanContext().spanId)));
  expect(new Set([...processes, ...bulks].map((s) => s.spanContext().traceId))).toEqual(new Set([requestTraceId]));
  expect(JSON.stringify(spans.map((s) => [s.attributes, s.events]))).not.toContain(EMAIL);
});

it("the worker traces on its client's OpenTelemetry API, under the scope @fyno-kit/bullmq", async () => {
  const queueName = `trace${++n}`;
  queue = createFynoQueue({ connection: redis.url, queueName });
  // The app hands its client an API whose tracers come from a provider of its own (not the global one):
  // the worker's spans must go there too, and the producer's (no client) to the installed API.
  const { exporter: clientExporter, provider: clientProvider, api: clientApi } = apiOfItsOwn();
  const client = new Fyno({ workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, openTelemetry: clientApi });
  try {
    await queue.enqueue('order_shipped', { distinct_id: 'u_1', to: { email: EMAIL } });
    worker = createFynoWorker({ connection: redis.url, fyno: client, queueName, batch: false, onError: () => {} });
    await waitFor(() => clientExporter.getFinishedSpans().some((s) => s.name === `process ${queueName}`), 15_000, 'the process span');
    const send = exporter.getFinishedSpans().find((s) => s.name === `send ${queueName}`);
    const processSpan = clientExporter.getFinishedSpans().find((s) => s.name === `process ${queueName}`);
    const fire = clientExporter.getFinishedSpans().find((s) => s.name === 'fyno.fire');
    expect(send?.instrumentationScope.name).toBe('@fyno-kit/bullmq');
    expect(processSpan?.instrumentationScope.name).toBe('@fyno-kit/bullmq');
    expect(fire?.instrumentationScope.name).toBe('@fyno-kit/core');
    expect(processSpan?.parentSpanContext?.spanId).toBe(send?.spanContext().spanId);
    expect(exporter.getFinishedSpans().filter((s) => s.name !== `send ${queueName}`)).toEqual([]);
  } finally {
    await worker?.close();
    worker = undefined;
    await client.close();
    await clientProvider.shutdown();
  }
});

it("openTelemetry: false on the queue and on the worker's client: neither side makes a span, though a provider is registered", async () => {
  const queueName = `trace${++n}`;
  queue = createFynoQueue({ connection: redis.url, queueName, openTelemetry: false });
  const client = new Fyno({ workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, openTelemetry: false });
  try {
    // Inside an app's span, where a producer span would otherwise join the app's trace.
    await api.trace.getTracer('test').startActiveSpan('request', async (span) => {
      for (let i = 0; i < 3; i++) await queue.enqueue('order_shipped', { distinct_id: `u_${i}`, to: { email: EMAIL } });
      await queue.enqueueBulk('order_shipped', [{ distinct_id: 'u_3' }, { distinct_id: 'u_4' }]);
      await queue.enqueueBatch(
        'order_shipped',
        Array.from({ length: 120 }, (_, i) => ({ distinct_id: `b_${i}` })),
        { maxPerJob: 60 },
      );
      span.end();
    });
    // Grouped sends (send_batch), single jobs (process) and batch jobs (process, fyno.fire_bulk).
    worker = createFynoWorker({ connection: redis.url, fyno: client, queueName, concurrency: 10, batch: { size: 5, maxWaitMs: 200 }, onError: () => {} });
    await waitFor(() => emulator.messages().length === 125, 15_000, 'every notification to be sent');
    await waitFor(async () => (await queue.queue.getCompletedCount()) === 7, 5_000, 'every job to complete');

    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['request']);
    // No trace is carried in the jobs either.
    const jobs = await queue.queue.getJobs(['completed']);
    expect(jobs).toHaveLength(7);
    expect(jobs.map((j) => (j.data as { traceparent?: string }).traceparent).filter(Boolean)).toEqual([]);
  } finally {
    await worker?.close();
    worker = undefined;
    await client.close();
  }
});

it("an API given to createFynoQueue as openTelemetry: the producer spans go to that API's provider, not the global one", async () => {
  const queueName = `trace${++n}`;
  const own = apiOfItsOwn();
  queue = createFynoQueue({ connection: redis.url, queueName, openTelemetry: own.api });
  const client = new Fyno({ workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, openTelemetry: own.api });
  try {
    await queue.enqueue('order_shipped', { distinct_id: 'u_1', to: { email: EMAIL } });
    await queue.enqueueBatch('order_shipped', [{ distinct_id: 'u_2' }, { distinct_id: 'u_3' }]);
    worker = createFynoWorker({ connection: redis.url, fyno: client, queueName, batch: false, onError: () => {} });
    await waitFor(() => own.exporter.getFinishedSpans().filter((s) => s.name === `process ${queueName}`).length === 2, 15_000, 'the process spans');

    const spans = own.exporter.getFinishedSpans();
    const sends = spans.filter((s) => s.name === `send ${queueName}`);
    expect(sends).toHaveLength(2);
    expect(sends.every((s) => s.instrumentationScope.name === '@fyno-kit/bullmq' && s.kind === api.SpanKind.PRODUCER)).toBe(true);
    // Each job's process span continues its producer span, all within the one provider.
    const processes = spans.filter((s) => s.name === `process ${queueName}`);
    expect(new Set(processes.map((s) => s.parentSpanContext?.spanId))).toEqual(new Set(sends.map((s) => s.spanContext().spanId)));
    expect(exporter.getFinishedSpans()).toEqual([]);
  } finally {
    await worker?.close();
    worker = undefined;
    await client.close();
    await own.provider.shutdown();
  }
});
