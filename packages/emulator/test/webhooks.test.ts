/**
 * The emulator sends delivery reports: a plain Node receiver on a real socket checks the
 * `fyno_token` call, the lifecycle order per channel, the HMAC (computed here with node:crypto), the
 * custom fields, retries after 500s, endpoint selection and `/_emulator/reports`.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_SECRET, type RunningEmulator, type StartEmulatorOptions, type WebhookEndpoint } from '../src/index.js';
import { call, start } from './helpers.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Receiver {
  url: string;
  received: Received[];
  /** Reports only (not the verification call), with their JSON or form body. */
  reports(): Array<Record<string, string> & { _signature?: string }>;
  close(): Promise<void>;
}

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A receiver that echoes fyno_token (unless told not to) and answers `failFirst` reports with 500. */
async function receiver(options: { echo?: boolean; failFirst?: number } = {}): Promise<Receiver> {
  const received: Received[] = [];
  let failures = options.failFirst ?? 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const token = new URL(req.url ?? '/', 'http://x').searchParams.get('fyno_token');
      if (token !== null) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(options.echo === false ? 'nope' : token);
        return;
      }
      if (failures > 0) {
        failures--;
        res.writeHead(500).end('try later');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fyno/reports`;
  const r: Receiver = {
    url,
    received,
    reports: () =>
      received
        .filter((x) => !x.url.includes('fyno_token='))
        .map((x) => {
          const fields =
            x.method === 'GET'
              ? Object.fromEntries(new URL(x.url, 'http://x').searchParams)
              : x.headers['content-type'] === 'application/x-www-form-urlencoded'
                ? Object.fromEntries(new URLSearchParams(x.body))
                : (JSON.parse(x.body) as Record<string, string>);
          const signature = x.headers['x-fyno-hmac-signature'];
          return typeof signature === 'string' ? { ...fields, _signature: signature } : fields;
        }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  closers.push(r.close);
  return r;
}

async function emulator(webhooks: WebhookEndpoint[], options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const emu = await start({ webhooks, webhookStepMs: 5, webhookRetry: { baseDelayMs: 20 }, ...options });
  closers.push(() => emu.stop());
  return emu;
}

const fire = (emu: RunningEmulator, body: Record<string, unknown>) => call(emu, 'POST', '/live/event', { body: { event: 'order_shipped', ...body } });
const hmac = (body: string, secret = DEFAULT_WEBHOOK_SECRET, encoding: 'hex' | 'base64' = 'hex') => createHmac('sha256', secret).update(body).digest(encoding);
const statusesOf = (reports: Array<Record<string, string>>, channel: string) => reports.filter((r) => r.channel === channel).map((r) => r.status);

describe('delivery reports from the emulator', () => {
  it("verifies the endpoint first, then sends each channel's lifecycle in order, signed, with the custom fields", async () => {
    const rx = await receiver();
    const emu = await emulator([{ name: 'main', url: rx.url }]);
    const res = await fire(emu, {
      distinct_id: 'u_ana',
      to: { email: 'ana@example.com', sms: '+15550001001' },
      callback: { custom_id: 'order-A1', custom1: 'u_ana', custom2: 'web', custom3: 'x'.repeat(60) },
    });
    expect(res.status).toBe(202);
    await emu.reportsSettled();
    expect(rx.received[0]!.method).toBe('GET');
    expect(rx.received[0]!.url).toMatch(/^\/fyno\/reports\?fyno_token=fyno_emu_[0-9a-f]{24}$/);
    const reports = rx.reports();
    expect(statusesOf(reports, 'email')).toEqual(['Processed', 'DELIVERED', 'READ']);
    expect(statusesOf(reports, 'sms')).toEqual(['Processed', 'DELIVERED']);
    for (const post of rx.received.slice(1)) {
      expect(post.method).toBe('POST');
      expect(post.headers['content-type']).toBe('application/json');
      expect(post.headers['x-fyno-hmac-signature']).toBe(hmac(post.body));
    }
    const email = reports.find((r) => r.channel === 'email' && r.status === 'DELIVERED')!;
    expect(email).toMatchObject({
      msg_id: res.json.response.email.msg_id,
      request_id: res.json.request_id,
      event: 'order_shipped',
      destination: 'ana@example.com',
      distinct_id: 'u_ana',
      version: 'live',
      custom_id: 'order-A1',
      custom1: 'u_ana',
      custom2: 'web',
      custom3: 'x'.repeat(60),
    });
    expect(Date.parse(email.timestamp!)).not.toBeNaN();
    const log = await (await fetch(`${emu.url}/_emulator/reports`)).json();
    expect(log).toHaveLength(5);
    expect(
      log.every((r: { state: string; attempts: Array<{ status: number }> }) => r.state === 'delivered' && r.attempts.map((a) => a.status).join() === '200'),
    ).toBe(true);
    const hooks = await (await fetch(`${emu.url}/_emulator/webhooks`)).json();
    expect(hooks).toMatchObject([{ name: 'main', url: rx.url, verified: true, default: true, verification: [{ status: 200 }] }]);
    // One verification per endpoint, not one per message.
    await fire(emu, { to: { inapp: 'u_ana' }, callback: { custom_id: 2 } });
    await emu.reportsSettled();
    expect(rx.received.filter((x) => x.url.includes('fyno_token=')).length).toBe(1);
    expect(statusesOf(rx.reports(), 'inapp')).toEqual(['Processed', 'DELIVERED', 'READ']);
    expect(rx.reports().find((r) => r.channel === 'inapp')!.custom_id).toBe(2);
  });

  it('reports FAILED for the test convention: fail@… emails, numbers ending in 0000, tokens starting with fail', async () => {
    const rx = await receiver();
    const emu = await emulator([{ name: 'main', url: rx.url }]);
    await fire(emu, {
      to: { email: 'fail@example.com', sms: '+15550000000', push: 'fcm_token:fail-device', whatsapp: '+15550001234' },
      callback: { custom_id: 'f' },
    });
    await emu.reportsSettled();
    const reports = rx.reports();
    expect(statusesOf(reports, 'email')).toEqual(['Processed', 'FAILED']);
    expect(statusesOf(reports, 'sms')).toEqual(['Processed', 'FAILED']);
    expect(statusesOf(reports, 'push')).toEqual(['Processed', 'FAILED']);
    expect(statusesOf(reports, 'whatsapp')).toEqual(['Processed', 'DELIVERED']);
  });

  it('retries a report the receiver answers with 500: after two 500s the third attempt gets it', async () => {
    const rx = await receiver({ failFirst: 2 });
    const emu = await emulator([{ name: 'main', url: rx.url }]);
    await fire(emu, { to: { sms: '+15550001001' }, callback: { custom_id: 'retry' } });
    await emu.reportsSettled();
    const posts = rx.received.filter((x) => x.method === 'POST');
    expect(posts.map((p) => JSON.parse(p.body).status)).toEqual(['Processed', 'Processed', 'Processed', 'DELIVERED']);
    // The same bytes and signature each time: a retry is the same report.
    expect(new Set(posts.slice(0, 3).map((p) => p.body)).size).toBe(1);
    const first = emu.reports()[0]!;
    expect(first.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(first.attempts[0]!.body).toBe('try later');
    expect(first.state).toBe('delivered');
  });

  it('gives up after maxAttempts and records each answer', async () => {
    const rx = await receiver({ failFirst: 100 });
    const emu = await emulator([{ name: 'main', url: rx.url }], { webhookRetry: { maxAttempts: 2, baseDelayMs: 5 } });
    await fire(emu, { to: { sms: '+15550001001' }, callback: { custom_id: 'x' } });
    await emu.reportsSettled();
    expect(emu.reports().map((r) => [r.status, r.state, r.attempts.length])).toEqual([
      ['Processed', 'failed', 2],
      ['DELIVERED', 'failed', 2],
    ]);
  });

  it('sends nothing without a callback or with enable: false, and only to the endpoints allowlist_url names', async () => {
    const a = await receiver();
    const b = await receiver();
    const emu = await emulator([
      { name: 'a', url: a.url },
      { name: 'b', url: b.url, format: 'form', signatureEncoding: 'base64', secret: 'b-secret', headers: { 'x-custom': 'yes' } },
    ]);
    await fire(emu, { to: { sms: '+15550001001' } });
    await fire(emu, { to: { sms: '+15550001001' }, callback: { custom_id: 'off', enable: false } });
    await emu.reportsSettled();
    expect(emu.reports()).toEqual([]);
    await fire(emu, { to: { sms: '+15550001001' }, callback: { custom_id: 'to-b', allowlist_url: ['b', 'unknown'] } });
    await emu.reportsSettled();
    expect(a.reports()).toEqual([]);
    const posts = b.received.filter((x) => x.method === 'POST');
    expect(posts.map((p) => new URLSearchParams(p.body).get('status'))).toEqual(['Processed', 'DELIVERED']);
    for (const p of posts) {
      expect(p.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(p.headers['x-fyno-hmac-signature']).toBe(hmac(p.body, 'b-secret', 'base64'));
      expect(p.headers['x-custom']).toBe('yes');
    }
    expect(new URLSearchParams(posts[0]!.body).get('custom_id')).toBe('to-b');
    // No allowlist_url: the default endpoint (the first) gets it; `allowlist_urls` is read too.
    await fire(emu, { to: { sms: '+15550001001' }, callback: { custom_id: 'default' } });
    await fire(emu, { to: { sms: '+15550001001' }, callback: { custom_id: 'plural', allowlist_urls: 'b' } });
    await emu.reportsSettled();
    expect(a.reports().map((r) => r.custom_id)).toEqual(['default', 'default']);
    expect(b.reports().map((r) => r.custom_id)).toEqual(['to-b', 'to-b', 'plural', 'plural']);
  });

  it('GET endpoints get the fields as query parameters, unsigned (as Fyno sends them)', async () => {
    const rx = await receiver();
    const emu = await emulator([
      { name: 'get', url: `${(await receiver()).url}?unused=1`, default: false },
      { name: 'g', url: `${rx.url}?k=v`, method: 'GET', default: true },
    ]);
    await fire(emu, { to: { sms: '+15550001001' }, callback: { custom_id: 'q' } });
    await emu.reportsSettled();
    const gets = rx.received.filter((x) => !x.url.includes('fyno_token='));
    expect(gets.every((g) => g.method === 'GET' && g.headers['x-fyno-hmac-signature'] === undefined && g.url.includes('k=v&'))).toBe(true);
    expect(rx.reports().map((r) => [r.status, r.custom_id])).toEqual([
      ['Processed', 'q'],
      ['DELIVERED', 'q'],
    ]);
  });

  it('sends nothing to an endpoint that does not echo the token, records why, and verifies again later', async () => {
    const rx = await receiver({ echo: false });
    const emu = await emulator([{ name: 'main', url: rx.url }]);
    await fire(emu, { to: { sms: '+15550001001' }, callback: { custom_id: 'u' } });
    await emu.reportsSettled();
    expect(rx.reports()).toEqual([]);
    expect(emu.reports().map((r) => r.state)).toEqual(['unverified', 'unverified']);
    expect(emu.webhooks()).toMatchObject([{ verified: false, verification: [{ status: 200, body: 'nope' }] }]);
    await emu.verifyWebhooks();
    expect(emu.webhooks()[0]!.verification).toHaveLength(2);
    // An endpoint nobody listens on: no status, and the reason.
    const gone = await receiver();
    await gone.close();
    expect(await emu.addWebhook({ name: 'gone', url: gone.url })).toMatchObject({ verified: false, verification: [{ status: null, error: 'ECONNREFUSED' }] });
  });

  it('addWebhook verifies a receiver that starts after the emulator; bad endpoints are refused', async () => {
    const emu = await emulator([]);
    const rx = await receiver();
    expect(await emu.addWebhook({ name: 'late', url: rx.url })).toMatchObject({ verified: true, default: true });
    await expect(emu.addWebhook({ name: 'late', url: rx.url })).rejects.toThrow(/configured twice/);
    await expect(emu.addWebhook({ name: 'x', url: 'ftp://nope' })).rejects.toThrow(/http/);
    await expect(start({ webhooks: [{ name: '', url: rx.url }] })).rejects.toThrow(/non-empty name/);
    await fire(emu, { to: { email: 'b@example.com' }, callback: { custom_id: 'late' } });
    await emu.reportsSettled();
    expect(statusesOf(rx.reports(), 'email')).toEqual(['Processed', 'DELIVERED', 'READ']);
    // clear() forgets the log.
    emu.clear();
    expect(await (await fetch(`${emu.url}/_emulator/reports`)).json()).toEqual([]);
  });
});

describe('fyno-emulator --webhook', () => {
  it('verifies the endpoint at start and sends signed reports with --webhook-secret', async () => {
    const rx = await receiver();
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const child = spawn(process.execPath, [
      cli,
      '--port',
      '0',
      '--quiet',
      '--webhook',
      `main=${rx.url}`,
      '--webhook-secret',
      'cli-secret',
      '--webhook-step-ms',
      '5',
    ]);
    closers.push(() => {
      child.kill('SIGTERM');
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c) => {
        out += c;
        if (out.includes('webhook main:')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(out).toContain(`webhook main: ${rx.url} verified`);
    const baseUrl = /base URL:\s+(\S+)/.exec(out)![1]!;
    const key = /api key:\s+(\S+)/.exec(out)![1]!;
    const wsid = /workspace id:\s+(\S+)/.exec(out)![1]!;
    const res = await fetch(`${baseUrl}/${wsid}/live/event`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'any', to: { sms: '+15550001001' }, callback: { custom_id: 'cli' } }),
    });
    expect(res.status).toBe(202);
    await expect.poll(() => rx.reports().length, { timeout: 10_000 }).toBe(2);
    for (const post of rx.received.filter((x) => x.method === 'POST')) {
      expect(post.headers['x-fyno-hmac-signature']).toBe(hmac(post.body, 'cli-secret'));
    }
  });
});
