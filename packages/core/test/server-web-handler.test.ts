/** `createNotifyHandler`: the web-standard form, driven directly with `Request` objects. */
import { describe, expect, it } from 'vitest';
import { sharedSetup } from './helpers';
import { createInappSessionHandler, createNotifyHandler } from '../src/server/index';

const apiKey = `sk_web_${Math.random().toString(36).slice(2)}`;
const env = sharedSetup({ apiKey, maxRetries: 0 }, { events: '*', apiKey });

const seen: Request[] = [];
const handler = () =>
  createNotifyHandler({
    identify: async (req) => {
      seen.push(req);
      return req.headers.get('x-user');
    },
    events: { ping: { to: ({ distinctId }) => ({ sms: `+1555${distinctId.length}000111` }) } },
    client: env.fyno,
    onError: () => {},
  });

const req = (init: RequestInit & { user?: string } = {}) => {
  const headers = new Headers(init.headers);
  if (!headers.has('content-type') && init.body !== undefined) headers.set('content-type', 'application/json');
  if (init.user) headers.set('x-user', init.user);
  return new Request('https://app.example/api/fyno/notify', { method: 'POST', ...init, headers } as RequestInit);
};

describe('createNotifyHandler', () => {
  it('202 with channels but no destinations, and identify gets the Request', async () => {
    const request = req({ body: JSON.stringify({ event: 'ping', data: { a: 1 } }), user: 'u_web' });
    const res = await handler()(request);
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).not.toContain('+1555');
    expect(JSON.parse(text).channels.sms).toEqual({ status: 'ok', msg_id: expect.any(String) });
    expect(seen.at(-1)).toBe(request);
    expect(env.emu.messages({ distinct_id: 'u_web' })).toMatchObject([{ event: 'ping', data: { a: 1 }, to: { sms: '+15555000111' } }]);
  });

  it('405 with Allow for GET, 415 for a form post, 401 signed out', async () => {
    const h = handler();
    const get = await h(new Request('https://app.example/api/fyno/notify'));
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    const form = await h(req({ body: 'event=ping', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(form.status).toBe(415);
    expect((await h(req({ body: '{"event":"ping"}' }))).status).toBe(401);
    expect(env.emu.requests()).toHaveLength(0);
  });

  it('413 for a streamed oversize body, reading only just past the cap and cancelling the rest', async () => {
    let pulledBytes = 0;
    let cancelled = false;
    const chunk = new Uint8Array(1_024).fill(0x20);
    // An endless body: buffering it whole would never finish.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulledBytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const res = await handler()(req({ body: endless, user: 'u_big', duplex: 'half' } as RequestInit & { user: string }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    expect(cancelled).toBe(true);
    expect(pulledBytes).toBeLessThan(16_384 + 8 * 1_024);
    expect(env.emu.requests()).toHaveLength(0);
  });

  it('408 for a body stalled past bodyTimeoutMs: the stream is released, not cancelled, and the answer closes the connection', async () => {
    let cancelled = false;
    // SvelteKit's and React Router's Node bridges destroy the socket when their body stream is
    // cancelled, so a cancel here cut the connection before the 408 was written.
    const stalled = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(new TextEncoder().encode('{"event":"pi')),
      cancel: () => void (cancelled = true),
    });
    const request = req({ body: stalled, user: 'u_slow', duplex: 'half' } as RequestInit & { user: string });
    const started = Date.now();
    const res = await createNotifyHandler({ identify: () => 'u_slow', events: { ping: {} }, client: env.fyno, bodyTimeoutMs: 150 })(request);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect([res.status, (await res.json()).error.code, res.headers.get('connection')]).toEqual([408, 'request_timeout', 'close']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cancelled).toBe(false);
    // Unlocked, so the host can drain or close it as it sees fit.
    expect(request.body?.locked).toBe(false);
    expect(env.emu.requests()).toHaveLength(0);
  });

  it('413 from a declared Content-Length before reading anything', async () => {
    let pulled = false;
    // highWaterMark 0: the stream pulls only when someone reads.
    const body = new ReadableStream<Uint8Array>(
      {
        pull() {
          pulled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const res = await handler()(
      req({ body, user: 'u_big', headers: { 'content-length': '20000', 'content-type': 'application/json' }, duplex: 'half' } as RequestInit & {
        user: string;
      }),
    );
    expect(res.status).toBe(413);
    expect(pulled).toBe(false);
  });

  it('400 invalid_json for bytes that are not UTF-8; 500 when the body was already read by someone else', async () => {
    const h = handler();
    const bad = await h(req({ body: new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]), user: 'u_x', headers: { 'content-type': 'application/json' } }));
    expect((await bad.json()).error.code).toBe('invalid_json');
    const used = req({ body: '{"event":"ping"}', user: 'u_x' });
    await used.text();
    const res = await h(used);
    expect(res.status).toBe(500);
    expect((await res.json()).error.code).toBe('internal_error');
  });
});

describe('the handlers pass their second argument to identify', () => {
  it('notify and in-app session handlers: each request with its own context, the rules still get the Request', async () => {
    type Ctx = { locals: { user?: string } };
    const notify = createNotifyHandler({
      identify: (_request, context: Ctx) => context.locals.user,
      events: { ping: {} },
      client: env.fyno,
      onError: () => {},
    });
    const session = createInappSessionHandler({
      identify: (_request, context: Ctx) => context.locals.user,
      integrationId: 'I_CTX',
      integrationToken: 'itok_ctx_not_a_secret',
      url: 'https://inapp.example',
      registerToken: false,
      client: env.fyno,
      onError: () => {},
    });
    const fire = () => req({ body: JSON.stringify({ event: 'ping' }) });
    const [signedIn, anonymous] = await Promise.all([notify(fire(), { locals: { user: 'u_ctx' } }), notify(fire(), { locals: {} })]);
    expect([signedIn.status, anonymous.status]).toEqual([202, 401]);
    expect(env.emu.messages({ distinct_id: 'u_ctx' })).toHaveLength(1);
    const open = (user?: string) => session(new Request('https://app.example/api/fyno/inapp-session', { method: 'POST' }), { locals: { user } });
    const ok = await open('u_ctx');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ userId: 'u_ctx', integrationId: 'I_CTX', url: 'https://inapp.example' });
    expect((await open()).status).toBe(401);
  });
});
