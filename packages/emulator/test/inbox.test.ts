/** The inbox page, the SSE stream, the /_emulator routes and mounting the handler under a prefix. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmulator, type RunningEmulator } from '../src/index.js';
import { call, start } from './helpers.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start({ events: '*' });
});
afterAll(() => emu.stop());
beforeEach(() => emu.clear());

describe('inbox page', () => {
  it('is self-contained HTML with user content escaped', async () => {
    await call(emu, 'POST', '/live/event', {
      body: { event: '<script>alert(1)</script>', distinct_id: '"><img src=x onerror=alert(2)>', to: { email: 'a@b.co' }, data: { x: '</pre><b>bold</b>' } },
    });
    await call(emu, 'POST', '/test/event', { body: { event: 'plain_event', to: { sms: '+15550001' } } });
    const res = await fetch(`${emu.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('&lt;/pre&gt;&lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>bold');
    // Grouping and labels.
    expect(html).toContain('no profile');
    expect(html).toContain('plain_event');
    expect(html).toContain('+15550001');
    expect(html).toMatch(/class="ver test"/);
    expect(html).toMatch(/class="ver live"/);
    // No external assets.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/);
    // Newest first: the test event was sent last.
    expect(html.indexOf('plain_event')).toBeLessThan(html.indexOf('&lt;script&gt;alert(1)'));
  });
});

describe('/_emulator', () => {
  it('GET /_emulator/messages filters; DELETE clears', async () => {
    await call(emu, 'POST', '/live/event', { body: { event: 'a', distinct_id: 'd1', to: { email: 'x@y.z' } } });
    await call(emu, 'POST', '/test/event', { body: { event: 'b', to: { email: 'x@y.z' } } });
    const all = await (await fetch(`${emu.url}/_emulator/messages`)).json();
    expect(all).toHaveLength(2);
    const byId = await (await fetch(`${emu.url}/_emulator/messages?distinct_id=d1`)).json();
    expect(byId.map((m: { event: string }) => m.event)).toEqual(['a']);
    const byVersion = await (await fetch(`${emu.url}/_emulator/messages?version=test&event=b`)).json();
    expect(byVersion).toHaveLength(1);
    expect(emu.messages({ event: 'a', version: 'test' })).toHaveLength(0);
    expect((await fetch(`${emu.url}/_emulator/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(emu.messages()).toHaveLength(0);
  });

  it('GET /_emulator/requests lists method, path, status, key and time', async () => {
    await call(emu, 'POST', '/live/event?x=1', { body: { event: 'a', to: { email: 'x@y.z' } }, headers: { 'idempotency-key': 'ik-1' } });
    const log = await (await fetch(`${emu.url}/_emulator/requests`)).json();
    expect(log).toEqual([
      { method: 'POST', path: `/v1/${emu.workspaceId}/live/event?x=1`, status: 202, idempotency_key: 'ik-1', timestamp: expect.any(String) },
    ]);
    expect((await fetch(`${emu.url}/_emulator/health`)).status).toBe(200);
  });

  it('GET /_emulator/stream delivers each new message as an SSE message event', async () => {
    const controller = new AbortController();
    const res = await fetch(`${emu.url}/_emulator/stream`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string): Promise<void> => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil(': connected');
    const sent = await call(emu, 'POST', '/live/event', { body: { event: 'streamed', to: { email: 's@x.io' } } });
    await readUntil('"streamed"');
    const frame = text.slice(text.indexOf('event: message'));
    const data = JSON.parse(frame.slice(frame.indexOf('data: ') + 6, frame.indexOf('\n\n', frame.indexOf('data: '))));
    expect(data).toMatchObject({ event: 'streamed', request_id: sent.json.request_id, channels: { email: 's@x.io' } });
    controller.abort();
  });
});

describe('a refused request', () => {
  it('tells why: in the terminal line, the request log, live on the stream and on the inbox page (escaped)', async () => {
    const written: string[] = [];
    const loud = await start({ quiet: false });
    const controller = new AbortController();
    try {
      const stream = await fetch(`${loud.url}/_emulator/stream`, { signal: controller.signal });
      const reader = stream.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const readUntil = async (needle: string): Promise<void> => {
        while (!text.includes(needle)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended before ${needle}`);
          text += decoder.decode(value, { stream: true });
        }
      };
      await readUntil(': connected');
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        written.push(String(chunk));
        return true;
      });
      const misspelt = await call(loud, 'POST', '/test/event', { body: { event: 'order_shiped<b>\nx', to: { email: 'a@b.co' } } });
      const wrongKey = await call(loud, 'POST', '/test/event', { body: { event: 'known', to: { email: 'a@b.co' } }, key: 'not-the-key' });
      await readUntil('Invalid API details');
      vi.restoreAllMocks();
      expect([misspelt.status, wrongKey.status]).toEqual([400, 401]);

      // The terminal: the status and why, each on one line (the newline in the event name is not a line break).
      const lines = written.join('').split('\n').filter(Boolean);
      expect(lines).toEqual([
        `POST /v1/${loud.workspaceId}/test/event -> 400: The notification event name 'order_shiped<b> x' is invalid or does not exists on test`,
        `POST /v1/${loud.workspaceId}/test/event -> 401: Invalid API details`,
      ]);
      // The request log and the stream carry the reason.
      expect(loud.requests().map((r) => r.reason)).toEqual([
        `The notification event name 'order_shiped<b> x' is invalid or does not exists on test`,
        'Invalid API details',
      ]);
      expect(text).toContain('event: rejected');
      expect(text).toContain("order_shiped<b> x' is invalid");
      // The inbox page lists them, newest first, escaped.
      const html = await (await fetch(`${loud.url}/`)).text();
      const section = html.slice(html.indexOf('<section id="rejected"'), html.indexOf('</section>', html.indexOf('<section id="rejected"')));
      expect(section).toContain('Rejected requests');
      expect(section).not.toContain(' hidden');
      expect(section).toContain('order_shiped&lt;b&gt; x');
      expect(section).not.toContain('<b>');
      expect(section.indexOf('Invalid API details')).toBeLessThan(section.indexOf('order_shiped'));
      // An accepted request is not listed, and no reason is logged for it.
      await call(loud, 'POST', '/test/event', { body: { event: 'known', to: { email: 'a@b.co' } } });
      expect(loud.requests().at(-1)).not.toHaveProperty('reason');
    } finally {
      vi.restoreAllMocks();
      controller.abort();
      await loud.stop();
    }
  });

  it('caps a long reason and keeps the page section hidden while nothing was refused', async () => {
    const html = await (await fetch(`${emu.url}/`)).text();
    expect(html).toMatch(/<section id="rejected" class="rejected" hidden>/);
    // Any event passes here (events: '*'); a bad `to` is refused with a message naming the field.
    const longChannel = 'c'.repeat(1_000);
    const res = await call(emu, 'POST', '/live/event', { body: { event: 'x', to: { [longChannel]: '' } } });
    expect(res.status).toBe(400);
    const reason = emu.requests().at(-1)?.reason ?? '';
    expect(reason.length).toBeLessThanOrEqual(301);
    expect(reason.endsWith('…')).toBe(true);
  });
});

describe('mounting the handler', () => {
  let server: Server;
  let origin: string;
  const emulator = createEmulator({ workspaceId: 'FYMOUNT001', apiKey: 'mount-key', events: ['known'] });

  beforeAll(async () => {
    // Mimics Express `app.use('/fyno', handler)`: strip the prefix, keep originalUrl.
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      if (url === '/fyno' || url.startsWith('/fyno/') || url.startsWith('/fyno?')) {
        (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
        req.url = url.slice('/fyno'.length) || '/';
        return emulator.handler(req, res);
      }
      res.writeHead(418).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    emulator.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves the API and the inbox under the prefix', async () => {
    const res = await fetch(`${origin}/fyno/v1/FYMOUNT001/live/event`, {
      method: 'POST',
      headers: { authorization: 'Bearer mount-key', 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'known', to: { email: 'm@x.io' } }),
    });
    expect(res.status).toBe(202);
    expect(emulator.messages()).toHaveLength(1);
    const redirect = await fetch(`${origin}/fyno`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/fyno/');
    const page = await fetch(`${origin}/fyno/`);
    expect(await page.text()).toContain('m@x.io');
  });
});
