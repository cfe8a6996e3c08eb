/**
 * Logs and OpenTelemetry spans of the client, against the emulator's fault injection, collected by
 * the OTel SDK's in-memory exporter. Nothing secret or personal may reach a log line or a span.
 */
import * as api from '@opentelemetry/api';
import { AlwaysOffSampler, BasicTracerProvider, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FynoServerError, type FynoLogger } from '../src/index';
import { createNotifyRoute } from '../src/server/route';
import { telemetryOf, withSpan } from '../src/telemetry';
import { caught, setup } from './helpers';
import { inMemoryTracing } from './in-memory-tracing';
import { serveOnce } from './notify-exchange';

const exporter = inMemoryTracing();

/** A logger that keeps every call, as console, pino or winston would receive it. */
function recordingLogger(style: 'console' | 'pino' = 'console') {
  const lines: Array<{ level: string; args: unknown[] }> = [];
  const at =
    (level: string) =>
    (...args: unknown[]) =>
      void lines.push({ level, args });
  const logger: FynoLogger & { levels?: unknown } = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  if (style === 'pino') logger.levels = { values: { warn: 40, error: 50 }, labels: {} };
  return { logger, lines };
}

let ctx: Awaited<ReturnType<typeof setup>> | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

const RECIPIENTS = { email: 'ana.secret@example.com', sms: '+15550001234' };
const payload = { distinct_id: 'u_1', to: RECIPIENTS, data: { order: 'A-1' } };

/** Everything a span carries that an exporter would ship: name, attributes, event attributes, status. */
function shipped(spans: readonly ReadableSpan[]): string {
  return JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));
}

function assertNothingSecret(text: string, apiKey: string) {
  expect(text).not.toContain(apiKey);
  for (const value of Object.values(RECIPIENTS)) expect(text).not.toContain(value);
}

describe('a call retried twice', () => {
  it('logs two retry lines and makes one span with three attempt events and the final status', async () => {
    const { logger, lines } = recordingLogger();
    ctx = await setup({ logger });
    ctx.emu.failNext(2, { status: 503 });
    const res = await ctx.fyno.fire('order_shipped', payload, { idempotencyKey: 'order-A-1' });

    const retries = lines.filter((l) => l.level === 'warn');
    expect(retries).toHaveLength(2);
    expect(lines).toHaveLength(2); // nothing else: a success is not logged
    const [message, fields] = retries[0]!.args as [string, Record<string, unknown>];
    expect(message).toMatch(/fyno\.fire: attempt 1 failed \(HTTP 503\); retrying in \d+ ms/);
    expect(fields).toMatchObject({
      call: 'fyno.fire',
      fyno_event: 'order_shipped',
      attempt: 1,
      reason: 'HTTP 503',
      status: 503,
      error_code: 'server_error',
      idempotency_key: 'order-A-1',
    });
    expect(fields.delay_ms).toEqual(expect.any(Number));
    expect(fields.duration_ms).toEqual(expect.any(Number));
    expect((retries[1]!.args[1] as Record<string, unknown>).attempt).toBe(2);

    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['fyno.fire']);
    const span = spans[0]!;
    expect(span.events.map((e) => e.name)).toEqual(['fyno.attempt', 'fyno.attempt', 'fyno.attempt']);
    expect(span.events.map((e) => e.attributes?.['http.response.status_code'])).toEqual([503, 503, 202]);
    expect(span.events[0]!.attributes?.['fyno.retry_delay_ms']).toEqual(expect.any(Number));
    expect(span.events[2]!.attributes?.['fyno.retry_delay_ms']).toBeUndefined();
    expect(span.attributes).toMatchObject({
      'fyno.event': 'order_shipped',
      'fyno.idempotency_key': 'order-A-1',
      'fyno.attempts': 3,
      'fyno.request_id': res.request_id,
      'http.request.method': 'POST',
      'http.response.status_code': 202,
    });
    expect(span.status.code).toBe(api.SpanStatusCode.UNSET);

    assertNothingSecret(JSON.stringify(lines), ctx.emu.apiKey);
    assertNothingSecret(shipped(spans), ctx.emu.apiKey);
    expect(ctx.emu.messages()).toHaveLength(1);
  });

  it('a call that fails for good logs one error line and ends its span with status ERROR', async () => {
    const { logger, lines } = recordingLogger('pino');
    ctx = await setup({ logger, maxRetries: 2 });
    ctx.emu.failNext(3, { status: 503 });
    const err = await caught(() => ctx!.fyno.fire('order_shipped', payload));
    expect(err).toBeInstanceOf(FynoServerError);

    expect(lines.map((l) => l.level)).toEqual(['warn', 'warn', 'error']);
    // pino takes (fields, message).
    const [fields, message] = lines[2]!.args as [Record<string, unknown>, string];
    expect(message).toBe('[fyno-kit] fyno.fire failed after 3 attempt(s): server_error (HTTP 503)');
    expect(fields).toMatchObject({ call: 'fyno.fire', attempts: 3, status: 503, error_code: 'server_error', idempotency_key: err.idempotencyKey });

    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: api.SpanStatusCode.ERROR, message: 'server_error' });
    expect(span?.attributes['error.type']).toBe('503');
    expect(span?.attributes['fyno.attempts']).toBe(3);
    expect(span?.events).toHaveLength(3);
    assertNothingSecret(JSON.stringify(lines) + shipped(exporter.getFinishedSpans()), ctx.emu.apiKey);
  });

  it('a connection reset names its cause in the retry line', async () => {
    const { logger, lines } = recordingLogger();
    ctx = await setup({ logger });
    ctx.emu.failNext(1, 'reset');
    await ctx.fyno.fire('order_shipped', payload);
    expect(lines).toHaveLength(1);
    expect((lines[0]!.args[1] as Record<string, unknown>).reason).toMatch(/^connection_error/);
  });
});

describe('spans', () => {
  it('fireBulk split into two requests is one fyno.fire_bulk span with the bulk size', async () => {
    ctx = await setup({ maxBulkItems: 2 });
    const payloads = [payload, payload, payload];
    const res = await ctx.fyno.fireBulk('order_shipped', payloads);
    expect(res.requests).toHaveLength(2);
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['fyno.fire_bulk']);
    expect(spans[0]!.attributes).toMatchObject({ 'fyno.bulk.size': 3, 'fyno.attempts': 2, 'fyno.event': 'order_shipped' });
    assertNothingSecret(shipped(spans), ctx.emu.apiKey);
  });

  it('profile calls are named by operation and never carry ids or channels', async () => {
    ctx = await setup();
    await ctx.fyno.profiles.create({ distinct_id: 'user-4711', name: 'Ana', channel: { email: RECIPIENTS.email } });
    await ctx.fyno.profiles.get('user-4711');
    await ctx.fyno.profiles.addChannel('user-4711', { sms: RECIPIENTS.sms });
    await ctx.fyno.profiles.properties.setOnce('user-4711', { plan: 'pro' });
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['fyno.profiles.create', 'fyno.profiles.get', 'fyno.profiles.add_channel', 'fyno.profiles.properties.set_once']);
    expect(shipped(spans)).not.toContain('user-4711');
    assertNothingSecret(shipped(spans), ctx.emu.apiKey);
  });

  it("a span joins the caller's trace; a queue batch starts a trace of its own", async () => {
    ctx = await setup();
    const tracer = api.trace.getTracer('test');
    const queue = ctx.fyno.queue({ flushAt: 2, flushIntervalMs: 10_000 });
    const parentTraceId = await tracer.startActiveSpan('request', async (parent) => {
      await ctx!.fyno.fire('order_shipped', payload);
      queue.enqueue('order_shipped', payload);
      queue.enqueue('order_shipped', payload);
      await queue.flush();
      parent.end();
      return parent.spanContext().traceId;
    });
    const byName = Object.fromEntries(exporter.getFinishedSpans().map((s) => [s.name, s]));
    expect(byName['fyno.fire']?.spanContext().traceId).toBe(parentTraceId);
    expect(byName['fyno.fire']?.parentSpanContext?.spanId).toBe(byName.request?.spanContext().spanId);
    const batch = byName['fyno.queue.batch'];
    expect(batch?.attributes).toMatchObject({ 'fyno.bulk.size': 2, 'fyno.event': 'order_shipped', 'fyno.attempts': 1 });
    expect(batch?.spanContext().traceId).not.toBe(parentTraceId);
    assertNothingSecret(shipped(exporter.getFinishedSpans()), ctx.emu.apiKey);
  });

  it('inside a sampled-out trace the call records nothing and still works', async () => {
    const sampledOut = new BasicTracerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [new SimpleSpanProcessor(exporter)] });
    ctx = await setup();
    await sampledOut.getTracer('test').startActiveSpan('request', async (parent) => {
      const res = await ctx!.fyno.fire('order_shipped', payload);
      expect(res.event).toBe('order_shipped');
      parent.end();
    });
    // The client's span follows its parent's decision (the SDK's default sampler is parent-based):
    // had the call lost the active context, it would have started a sampled trace of its own.
    expect(exporter.getFinishedSpans()).toEqual([]);
    await ctx.fyno.fire('order_shipped', payload);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['fyno.fire']);
  });

  it('openTelemetry: false records nothing; an explicit API module is used as given', async () => {
    ctx = await setup({ openTelemetry: false });
    await ctx.fyno.fire('order_shipped', payload);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    await ctx.close();
    ctx = await setup({ openTelemetry: api });
    await ctx.fyno.fire('order_shipped', payload);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['fyno.fire']);
  });
});

describe("withSpan and telemetryOf (for the notify route's own span)", () => {
  it("runs a callback in a span with events, under which the client's call nests; errors mark it", async () => {
    ctx = await setup();
    const telemetry = telemetryOf(ctx.fyno);
    expect(telemetry).toBeDefined();
    await withSpan(telemetry, 'fyno.notify', { 'fyno.event': 'order_shipped' }, async (span) => {
      span.event('identify');
      span.set({ 'fyno.outcome': 'sent' });
      await ctx!.fyno.fire('order_shipped', payload);
    });
    await expect(withSpan(telemetry, 'fyno.notify', {}, async () => Promise.reject(Object.assign(new Error('no'), { code: 'rate_limited' })))).rejects.toThrow(
      'no',
    );
    const [fire, notify, failed] = exporter.getFinishedSpans();
    expect(notify?.name).toBe('fyno.notify');
    expect(notify?.events.map((e) => e.name)).toEqual(['identify']);
    expect(notify?.attributes).toMatchObject({ 'fyno.event': 'order_shipped', 'fyno.outcome': 'sent' });
    expect(fire?.parentSpanContext?.spanId).toBe(notify?.spanContext().spanId);
    expect(failed?.status).toEqual({ code: api.SpanStatusCode.ERROR, message: 'rate_limited' });
    expect(failed?.attributes['error.type']).toBe('rate_limited');
  });

  it('without telemetry the callback runs as is', async () => {
    ctx = await setup({ openTelemetry: false });
    expect(telemetryOf(ctx.fyno)).toBeUndefined();
    await expect(withSpan(undefined, 'x', {}, async (span) => (span.event('e'), 42))).resolves.toBe(42);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });
});

describe("the notify route's span", () => {
  it("one fyno.notify span (identify, rate_limit, data_check, fire) with the client's fyno.fire under it; a refusal is an outcome, not an error", async () => {
    const { logger, lines } = recordingLogger();
    ctx = await setup({ logger });
    const route = createNotifyRoute<{ user: string | null }>({ identify: (req) => req.user, events: { order_shipped: {} }, client: ctx.fyno });
    const request = (user: string | null, event = 'order_shipped') => ({
      method: 'POST',
      header: (name: string) => (name === 'content-type' ? 'application/json' : undefined),
      body: JSON.stringify({ event, data: { order: 'A-1' } }),
      request: { user },
    });
    expect((await serveOnce(route, request('u_1'))).status).toBe(202);
    const spans = exporter.getFinishedSpans();
    const notify = spans.find((s) => s.name === 'fyno.notify')!;
    const fire = spans.find((s) => s.name === 'fyno.fire')!;
    expect(notify.events.map((e) => e.name)).toEqual(['identify', 'rate_limit', 'data_check', 'fire']);
    expect(notify.attributes).toMatchObject({ 'fyno.event': 'order_shipped', 'fyno.notify.outcome': 'accepted', 'http.response.status_code': 202 });
    expect(fire.spanContext().traceId).toBe(notify.spanContext().traceId);
    expect(fire.parentSpanContext?.spanId ?? (fire as unknown as { parentSpanId?: string }).parentSpanId).toBe(notify.spanContext().spanId);

    exporter.reset();
    expect((await serveOnce(route, request(null, 'not_allowed\n'))).status).toBe(401);
    const [refused] = exporter.getFinishedSpans();
    expect(refused!.attributes).toMatchObject({ 'fyno.notify.outcome': 'unauthorized', 'http.response.status_code': 401 });
    // The caller's event text is never an attribute: only an allowed event is.
    expect(refused!.attributes['fyno.event']).toBeUndefined();
    expect(refused!.events.map((e) => e.name)).toEqual([]);
    assertNothingSecret(shipped(exporter.getFinishedSpans()) + JSON.stringify(lines), ctx.emu.apiKey);
  });
});

describe('a fire that reaches nobody', () => {
  it('logs one warning naming the event (202 with no channels), and nothing for a fire that reached someone', async () => {
    const { logger, lines } = recordingLogger();
    ctx = await setup({ logger });
    const res = await ctx.fyno.fire('order_shipped', { distinct_id: 'u_without_profile' });
    expect(Object.keys((res as { response?: object }).response ?? {})).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe('warn');
    expect(String(lines[0]!.args[0])).toContain('"order_shipped" was accepted but reached no channel');
    await ctx.fyno.fire('order_shipped', payload);
    expect(lines).toHaveLength(1);
    assertNothingSecret(JSON.stringify(lines), ctx.emu.apiKey);
  });
});

describe('a bulk send that reaches nobody for some items', () => {
  it('logs one warning counting them, for fireBulk and for a queue batch', async () => {
    const { logger, lines } = recordingLogger();
    ctx = await setup({ logger });
    await ctx.fyno.fireBulk('order_shipped', [{ distinct_id: 'u_nobody_1' }, payload, { distinct_id: 'u_nobody_2' }]);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe('warn');
    expect(String(lines[0]!.args[0])).toContain('fyno.fire_bulk: 2 of 3 "order_shipped" notification(s) were accepted but reached no channel (item 1, 3)');
    const queue = ctx.fyno.queue({ flushAt: 2 });
    queue.enqueue('order_shipped', { distinct_id: 'u_nobody_3' });
    queue.enqueue('order_shipped', payload);
    await queue.close(5_000);
    expect(lines).toHaveLength(2);
    expect(String(lines[1]!.args[0])).toContain('fyno.queue.batch: 1 of 2 "order_shipped" notification(s) were accepted but reached no channel (item 1)');
    await ctx.fyno.fireBulk('order_shipped', [payload]);
    expect(lines).toHaveLength(2);
    assertNothingSecret(JSON.stringify(lines), ctx.emu.apiKey);
  });
});

describe('the default logger', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  /** What the console shows for a fire that reaches nobody and one retried once, under `NODE_ENV`. */
  async function consoleLinesUnder(nodeEnv: string | undefined, options: { logger?: false } = {}) {
    vi.stubEnv('NODE_ENV', nodeEnv);
    const warned: unknown[][] = [];
    const errored: unknown[][] = [];
    vi.spyOn(console, 'warn').mockImplementation((...args) => void warned.push(args));
    vi.spyOn(console, 'error').mockImplementation((...args) => void errored.push(args));
    ctx = await setup(options);
    await ctx.fyno.fire('order_shipped', { distinct_id: 'u_without_profile' });
    ctx.emu.failNext(1, { status: 503 });
    await ctx.fyno.fire('order_shipped', payload);
    ctx.emu.failNext(1, { status: 400 });
    await caught(() => ctx!.fyno.fire('order_shipped', payload));
    return { warned, errored };
  }

  it('while developing (NODE_ENV unset or development) warns on the console: no channel, retries; one line each', async () => {
    for (const nodeEnv of [undefined, 'development']) {
      const { warned, errored } = await consoleLinesUnder(nodeEnv);
      expect(warned.map((args) => args.length)).toEqual([1, 1]);
      expect(String(warned[0]![0])).toContain('"order_shipped" was accepted but reached no channel');
      expect(String(warned[1]![0])).toContain('fyno.fire: attempt 1 failed (HTTP 503); retrying');
      // A failed call rejects: its caller reports it, the default logger does not repeat it.
      expect(errored).toEqual([]);
      assertNothingSecret(JSON.stringify(warned), ctx!.emu.apiKey);
      await ctx!.close();
      ctx = undefined;
    }
  });

  it('stays silent in production, under a test runner, and with logger: false', async () => {
    for (const [nodeEnv, options] of [
      ['production', {}],
      ['test', {}],
      ['development', { logger: false as const }],
    ] as const) {
      const { warned, errored } = await consoleLinesUnder(nodeEnv, options);
      expect({ nodeEnv, warned, errored }).toEqual({ nodeEnv, warned: [], errored: [] });
      await ctx!.close();
      ctx = undefined;
    }
  });
});
