/**
 * `deliveryReports()` on Koa 3 over real sockets: the same cases as Express's and Fastify's receivers
 * (signatures hex and base64, JSON and form-encoded, behind `@koa/bodyparser`; refusals that never
 * reach `onReport`; the `fyno_token` handshake and 405; the cap; a failing `onReport` answered 500
 * without reaching `app.on('error')`; a parsed body without its bytes), and the emulator's signed
 * lifecycle reports end to end.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fyno } from '@fyno-kit/core';
import type { DeliveryReport } from '@fyno-kit/core/webhooks';
import { startEmulator } from '@fyno-kit/emulator';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { deliveryReports } from '../src/index';

const SECRET = 'whsec_koa_test_not_a_secret';
const PATH = '/fyno/reports';
const sign = (body: string, secret = SECRET, encoding: 'hex' | 'base64' = 'hex') => createHmac('sha256', secret).update(body).digest(encoding);
const REPORT = JSON.stringify({ msg_id: 'req-1:0001', status: 'DELIVERED', channel: 'email', custom_id: 'order-A1', extra: { nested: true } });
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function listen(app: Koa): Promise<string> {
  const server: Server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

type Parser = 'none' | 'bodyparser' | 'parsed-without-bytes';

async function serve(options: { onReport?: (r: DeliveryReport) => void | Promise<void>; parser?: Parser; maxBodyBytes?: number } = {}) {
  const app = new Koa();
  const reports: DeliveryReport[] = [];
  const appErrors: unknown[] = [];
  const handled: Array<{ error: unknown; code: string }> = [];
  app.on('error', (error) => void appErrors.push(error));
  if (options.parser === 'bodyparser') app.use(bodyParser({ enableTypes: ['json', 'form'] }));
  // A parser that keeps no bytes (as koa-body does by default): the signature cannot be checked.
  if (options.parser === 'parsed-without-bytes')
    app.use(async (ctx, next) => {
      (ctx.request as { body?: unknown }).body = { parsed: true };
      await next();
    });
  const receiver = deliveryReports({
    secret: SECRET,
    onReport: options.onReport ?? ((r) => void reports.push(r)),
    onError: (error, info) => void handled.push({ error, code: info.code }),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  });
  app.use((ctx, next) => (ctx.path === PATH ? receiver(ctx, next) : next()));
  return { url: `${await listen(app)}${PATH}`, reports, appErrors, handled };
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('Koa deliveryReports()', () => {
  it('takes a signed report, hex or base64, JSON or form-encoded, with or without @koa/bodyparser first', async () => {
    for (const parser of ['none', 'bodyparser'] as const) {
      const { url, reports, appErrors } = await serve({ parser });
      for (const encoding of ['hex', 'base64'] as const) {
        const res = await post(url, REPORT, { 'x-fyno-hmac-signature': sign(REPORT, SECRET, encoding) });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ received: true, key: 'req-1:0001#DELIVERED' });
      }
      const form = 'msg_id=req-2%3A0001&status=READ&channel=inapp';
      const formRes = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-fyno-hmac-signature': sign(form) },
        body: form,
      });
      expect(formRes.status).toBe(200);
      expect(reports.map((r) => r.key)).toEqual(['req-1:0001#DELIVERED', 'req-1:0001#DELIVERED', 'req-2:0001#READ']);
      expect(reports[0]).toMatchObject({ custom_id: 'order-A1', raw: { extra: { nested: true } } });
      expect(appErrors).toEqual([]);
    }
  });

  it.each([
    ['a wrong secret', REPORT, { 'x-fyno-hmac-signature': sign(REPORT, 'wrong-secret') }],
    ['a tampered byte', REPORT.replace('A1', 'A2'), { 'x-fyno-hmac-signature': sign(REPORT) }],
    ['a missing header', REPORT, {}],
    ['an empty body', '', { 'x-fyno-hmac-signature': sign('') }],
  ])('%s → 401, onReport not called', async (_name, body, headers) => {
    const { url, reports, appErrors } = await serve();
    const res = await post(url, body, headers);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
    expect(reports).toEqual([]);
    expect(appErrors).toEqual([]);
  });

  it('answers the fyno_token verification call, and 405 for other methods', async () => {
    const { url, reports } = await serve();
    const verify = await fetch(`${url}?fyno_token=tok_123`);
    expect(verify.status).toBe(200);
    expect(await verify.text()).toContain('tok_123');
    const put = await fetch(url, { method: 'PUT', body: REPORT, headers: { 'content-type': 'application/json' } });
    expect(put.status).toBe(405);
    expect(reports).toEqual([]);
  });

  it("a body over the cap → 413 in the receiver's shape, onReport not called", async () => {
    const { url, reports, appErrors } = await serve({ maxBodyBytes: 256 });
    const big = JSON.stringify({ msg_id: 'x', status: 'DELIVERED', pad: 'p'.repeat(1_000) });
    const res = await post(url, big, { 'x-fyno-hmac-signature': sign(big) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(reports).toEqual([]);
    expect(appErrors).toEqual([]);
  });

  it("onReport throwing → 500 (so Fyno retries), the error to onError, not to app.on('error')", async () => {
    const boom = new Error('database down');
    const { url, appErrors, handled } = await serve({
      onReport: () => {
        throw boom;
      },
    });
    const res = await post(url, REPORT, { 'x-fyno-hmac-signature': sign(REPORT) });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('database down');
    expect(handled.map((h) => h.error)).toEqual([boom]);
    expect(appErrors).toEqual([]);
  });

  it('a body parsed without its bytes → 500 raw_body_unavailable, and the fix names @koa/bodyparser', async () => {
    const { url, reports, handled } = await serve({ parser: 'parsed-without-bytes' });
    const res = await post(url, REPORT, { 'x-fyno-hmac-signature': sign(REPORT) });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('raw_body_unavailable');
    expect(reports).toEqual([]);
    // Written once per process (each vitest file is its own module graph, and only this test parses without bytes).
    expect(handled.map(({ error }) => (error as Error).message)).toEqual([expect.stringContaining('@koa/bodyparser')]);
  });
});

describe('emulator → Koa deliveryReports() end to end', () => {
  it('signed lifecycle reports arrive verified, once each, in order per channel; a wrong secret gets 401 every time', async () => {
    const reports: DeliveryReport[] = [];
    const { url } = await serve({ onReport: (r) => void reports.push(r), parser: 'bodyparser' });
    const emu = await startEmulator({ port: 0, webhooks: [{ name: 'app', url }], webhookSecret: SECRET, webhookStepMs: 5, webhookRetry: { baseDelayMs: 20 } });
    closers.push(() => emu.stop());
    const fyno = new Fyno({ baseUrl: emu.baseUrl, workspaceId: emu.workspaceId, apiKey: emu.apiKey, maxRetries: 0 });
    closers.push(() => fyno.close());
    const sent = await fyno.fire('order_shipped', { distinct_id: 'u_ana', to: { email: 'ana@example.com' }, callback: { custom_id: 'order-K1' } });
    await emu.reportsSettled();
    expect(emu.reports().map((r) => [r.status, r.attempts.map((a) => a.status)])).toEqual([
      ['Processed', [200]],
      ['DELIVERED', [200]],
      ['READ', [200]],
    ]);
    expect(reports.map((r) => [r.channel, r.status, r.custom_id])).toEqual([
      ['email', 'PROCESSED', 'order-K1'],
      ['email', 'DELIVERED', 'order-K1'],
      ['email', 'READ', 'order-K1'],
    ]);
    expect(reports[1]).toMatchObject({ key: `${sent.response.email!.msg_id}#DELIVERED`, request_id: sent.request_id });

    const wrong = await startEmulator({
      port: 0,
      webhooks: [{ name: 'app', url }],
      webhookSecret: 'someone-else',
      webhookStepMs: 5,
      webhookRetry: { baseDelayMs: 20 },
    });
    closers.push(() => wrong.stop());
    const other = new Fyno({ baseUrl: wrong.baseUrl, workspaceId: wrong.workspaceId, apiKey: wrong.apiKey, maxRetries: 0 });
    closers.push(() => other.close());
    await other.fire('order_shipped', { to: { sms: '+15550001001' }, callback: { custom_id: 'x' } });
    await wrong.reportsSettled();
    expect(wrong.reports()[0]!.attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(reports).toHaveLength(3);
  });
});
