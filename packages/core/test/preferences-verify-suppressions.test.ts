/**
 * preferences (S1–S3), verify.validate (V1) and suppressions (X1–X3) against the emulator over a
 * socket: the typed answers, the typed errors, what is retried and what is never re-sent, and
 * the spans (no ids, no OTP).
 */
import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  FynoAuthenticationError,
  FynoBadRequestError,
  FynoOtpRejectedError,
  FynoValidationError,
  type PreferenceResponse,
  type Suppression,
} from '../src/index';
import { caught, setup } from './helpers';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let ctx: Awaited<ReturnType<typeof setup>>;

beforeAll(async () => {
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(provider);
  ctx = await setup({}, { events: ['order_shipped', 'login_code', 'known'], verifyEvents: ['login_code'] });
  await ctx.fyno.profiles.create({ distinct_id: 'ana', channel: { email: 'ana@example.com', sms: '+15550001111' } });
});
afterAll(async () => {
  await ctx.close();
  await provider.shutdown();
  api.trace.disable();
  api.context.disable();
});
beforeEach(() => {
  ctx.emu.clear();
  exporter.reset();
});

describe('preferences', () => {
  it('get() answers a typed PreferenceResponse; eventList lists the events', async () => {
    const prefs = await ctx.fyno.preferences.get('ana', { eventList: true });
    expectTypeOf(prefs).toEqualTypeOf<PreferenceResponse>();
    const orders = prefs.result.Orders![0]!;
    expect(orders).toMatchObject({ subscription_id: 'SORDERS001', channel_config: { email: 'on', sms: 'on' }, preference: { email: 'opted-in' } });
    expect(orders.notification_events.map((e) => e.event_name)).toContain('order_shipped');
    expect((await ctx.fyno.preferences.get('ana')).result.Orders![0]!.notification_events).toEqual([]);
  });

  it('update() and set() change what the next fire sends; "all" is the global switch', async () => {
    const updated = await ctx.fyno.preferences.update('ana', { SORDERS001: { email: 'opted-out' } });
    expect(updated.SORDERS001).toMatchObject({ email: 'opted-out', sms: 'opted-in', webpush: 'opted-in' });
    const fired = await ctx.fyno.fire('order_shipped', { distinct_id: 'ana' });
    expect(Object.keys(fired.response ?? {})).toEqual(['sms']);
    await ctx.fyno.preferences.set('all', { distinctId: 'ana', channel: 'sms', status: 'opted-out' });
    expect((await ctx.fyno.preferences.get('ana')).meta.all.preference).toEqual({ sms: 'opted-out' });
    expect((await ctx.fyno.fire('order_shipped', { distinct_id: 'ana' })).response).toEqual({});
    await ctx.fyno.preferences.set('all', { distinctId: 'ana', channel: 'sms', status: 'opted-in' });
    await ctx.fyno.preferences.set('SORDERS001', { distinctId: 'ana', channel: 'email', status: 'opted-in' });
    expect(Object.keys((await ctx.fyno.fire('order_shipped', { distinct_id: 'ana' })).response ?? {}).sort()).toEqual(['email', 'sms']);
  });

  it('a required channel stays required', async () => {
    const answer = await ctx.fyno.preferences.set('SSECURITY1', { distinctId: 'ana', channel: 'email', status: 'opted-out' });
    expect(answer.SSECURITY1?.email).toBe('required');
  });

  it("a distinct_id with no profile is a FynoBadRequestError carrying Fyno's _message; the path in the error has no id", async () => {
    const error = await caught(() => ctx.fyno.preferences.get('nobody#1'));
    expect(error).toBeInstanceOf(FynoBadRequestError);
    expect(error).toMatchObject({
      status: 400,
      message: 'incorrect/non existing distinct_id provided',
      requestPath: `/v1/${ctx.emu.workspaceId}/live/subscriptions/preference`,
    });
  });

  it('bad input is a FynoValidationError before any request', async () => {
    const before = ctx.emu.requests().length;
    await expect(ctx.fyno.preferences.get('')).rejects.toBeInstanceOf(FynoValidationError);
    await expect(ctx.fyno.preferences.update('ana', { SORDERS001: { fax: 'opted-out' } as never })).rejects.toBeInstanceOf(FynoValidationError);
    await expect(ctx.fyno.preferences.update('ana', {})).rejects.toBeInstanceOf(FynoValidationError);
    await expect(ctx.fyno.preferences.set('SORDERS001', { distinctId: 'ana', channel: 'email', status: 'maybe' as never })).rejects.toBeInstanceOf(
      FynoValidationError,
    );
    expect(ctx.emu.requests().length).toBe(before);
  });

  it('webpush is a preference channel; it is not a `to` key', () => {
    expectTypeOf<'webpush'>().toMatchTypeOf<Parameters<typeof ctx.fyno.preferences.set>[1]['channel']>();
  });

  it('a preference write is retried after a 503 (it sets absolute values)', async () => {
    ctx.emu.failNext(1, { status: 503 });
    await ctx.fyno.preferences.update('ana', { SNEWS00001: { inapp: 'opted-out' } });
    expect(ctx.emu.requests().map((r) => r.status)).toEqual([503, 200]);
  });
});

describe('verify.validate', () => {
  it('resolves for the OTP a Verify event sent, by requestId and by destination', async () => {
    const fired = await ctx.fyno.fire('login_code', { to: { email: 'otp@example.com' } });
    const otp = ctx.emu.messages({ request_id: fired.request_id })[0]!.otp!;
    await expect(ctx.fyno.verify.validate({ otp, requestId: fired.request_id! })).resolves.toEqual({ _message: 'OTP successfully validated.', status: 'ok' });
    const second = await ctx.fyno.fire('login_code', { to: { email: 'otp2@example.com' } });
    const otp2 = ctx.emu.messages({ request_id: second.request_id })[0]!.otp!;
    await expect(ctx.fyno.verify.validate({ otp: otp2, destination: 'otp2@example.com' })).resolves.toMatchObject({ status: 'ok' });
  });

  it('a wrong OTP is a FynoOtpRejectedError (a FynoBadRequestError) with wrongOtp; the OTP is in no error path', async () => {
    const fired = await ctx.fyno.fire('login_code', { to: { email: 'otp3@example.com' } });
    const otp = ctx.emu.messages({ request_id: fired.request_id })[0]!.otp!;
    const wrong = otp === '000000' ? '000001' : '000000';
    const error = await caught(() => ctx.fyno.verify.validate({ otp: wrong, requestId: fired.request_id! }));
    expect(error).toBeInstanceOf(FynoOtpRejectedError);
    expect(error).toBeInstanceOf(FynoBadRequestError);
    expect(error).toMatchObject({ code: 'otp_rejected', wrongOtp: true, status: 400, message: 'user entered the wrong OTP' });
    expect(String(error.requestPath)).not.toContain(wrong);
    // Used once right, a second check is refused too, and not as a wrong OTP.
    await ctx.fyno.verify.validate({ otp, requestId: fired.request_id! });
    const again = await caught(() => ctx.fyno.verify.validate({ otp, requestId: fired.request_id! }));
    expect(again).toMatchObject({ code: 'otp_rejected', wrongOtp: false });
  });

  it('is never re-sent after a 503 or a reset that may have reached Fyno, but is retried after a 429', async () => {
    ctx.emu.failNext(1, { status: 503 }, 'after');
    expect(await caught(() => ctx.fyno.verify.validate({ otp: '123456', requestId: 'r1' }))).toMatchObject({ status: 503 });
    expect(ctx.emu.requests()).toHaveLength(1);
    ctx.emu.clear();
    ctx.emu.failNext(1, 'reset', 'after');
    await caught(() => ctx.fyno.verify.validate({ otp: '123456', requestId: 'r1' }));
    expect(ctx.emu.requests()).toHaveLength(1);
    ctx.emu.clear();
    ctx.emu.failNext(1, { status: 429, retryAfterS: 0 });
    await caught(() => ctx.fyno.verify.validate({ otp: '123456', requestId: 'r1' }));
    expect(ctx.emu.requests().map((r) => r.status)).toEqual([429, 400]);
  });

  it('a wrong key is a FynoAuthenticationError', async () => {
    const other = await setup({ apiKey: 'wrong_key_000000000000000000' });
    try {
      await expect(other.fyno.verify.validate({ otp: '1', requestId: 'r' })).rejects.toBeInstanceOf(FynoAuthenticationError);
    } finally {
      await other.close();
    }
  });
});

describe('suppressions', () => {
  it('add, list and remove on /v1/{WSID}/suppressions (no version); a suppressed destination is skipped', async () => {
    await ctx.fyno.suppressions.add({ destination: 'bounced@example.com', channel: 'email', description: 'Email bounced' });
    await ctx.fyno.suppressions.add({ distinct_id: 'ana', channel: 'sms' });
    const list = await ctx.fyno.suppressions.list();
    expectTypeOf(list).toEqualTypeOf<Suppression[]>();
    expect(list.map((s) => [s.distinct_id, s.destination, s.channel])).toEqual([
      [null, 'bounced@example.com', 'email'],
      ['ana', null, 'sms'],
    ]);
    expect(ctx.emu.requests().map((r) => r.path)).toContain(`/v1/${ctx.emu.workspaceId}/suppressions`);
    const fired = await ctx.fyno.fire('order_shipped', { distinct_id: 'ana', to: { email: 'bounced@example.com' } });
    expect(fired.response).toEqual({});
    await expect(ctx.fyno.suppressions.remove({ distinct_id: 'ana' })).resolves.toEqual({ status: 'ok', _message: '1 record(s) has been deleted!' });
    await ctx.fyno.suppressions.remove({ _id: list[0]!._id });
    expect(await ctx.fyno.suppressions.list()).toEqual([]);
  });

  it("errors: Fyno's 400 typed; bad input refused before sending; a change is never re-sent after a 503", async () => {
    const error = await caught(() => ctx.fyno.suppressions.add({ destination: 'not-an-email', channel: 'email' }));
    expect(error).toBeInstanceOf(FynoBadRequestError);
    expect(error.message).toBe('Invalid destination for channel email');
    expect(await caught(() => ctx.fyno.suppressions.remove({ destination: 'nobody@example.com' }))).toMatchObject({
      status: 400,
      message: 'Unable to delete non existing data!',
    });
    ctx.emu.clear();
    await expect(ctx.fyno.suppressions.remove({ _id: 'a', destination: 'b' } as never)).rejects.toBeInstanceOf(FynoValidationError);
    await expect(ctx.fyno.suppressions.add({ channel: 'email' } as never)).rejects.toBeInstanceOf(FynoValidationError);
    expect(ctx.emu.requests()).toHaveLength(0);
    ctx.emu.failNext(1, { status: 503 }, 'after');
    await caught(() => ctx.fyno.suppressions.add({ distinct_id: 'ana', channel: 'email' }));
    expect(ctx.emu.requests()).toHaveLength(1);
    // It was applied before the fault: the list has it once, because it was sent once.
    expect((await ctx.fyno.suppressions.list()).filter((s) => s.distinct_id === 'ana')).toHaveLength(1);
    await ctx.fyno.suppressions.remove({ distinct_id: 'ana' });
  });
});

describe('spans', () => {
  it('one span per call, named by operation, with no distinct_id, OTP or destination', async () => {
    await ctx.fyno.preferences.get('ana');
    await ctx.fyno.preferences.update('ana', { SORDERS001: { push: 'opted-out' } });
    await ctx.fyno.preferences.set('SORDERS001', { distinctId: 'ana', channel: 'push', status: 'opted-in' });
    await caught(() => ctx.fyno.verify.validate({ otp: '987654', requestId: 'req-1' }));
    await ctx.fyno.suppressions.add({ destination: 'span@example.com', channel: 'email' });
    await ctx.fyno.suppressions.list();
    await ctx.fyno.suppressions.remove({ destination: 'span@example.com' });
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual([
      'fyno.preferences.get',
      'fyno.preferences.update',
      'fyno.preferences.set',
      'fyno.verify.validate',
      'fyno.suppressions.add',
      'fyno.suppressions.list',
      'fyno.suppressions.remove',
    ]);
    const verifySpan = spans[3]!;
    expect(verifySpan.status.code).toBe(api.SpanStatusCode.ERROR);
    expect(verifySpan.events[0]?.attributes).toMatchObject({ 'http.response.status_code': 400 });
    const shipped = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));
    for (const secret of ['ana', '987654', 'req-1', 'span@example.com', ctx.emu.apiKey]) expect(shipped).not.toContain(secret);
  });
});
