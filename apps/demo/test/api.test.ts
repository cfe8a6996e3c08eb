import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../src/server/app';

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo({ port: 0, clientDir: fileURLToPath(new URL('../dist/client', import.meta.url)) });
});
afterAll(() => demo?.close());

const post = (path: string, body: string, cookie = '') =>
  fetch(`${demo.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body });

describe('demo API', () => {
  it('answers hostile bodies on its own routes with JSON errors, never an HTML stack', async () => {
    for (const [body, status, code] of [
      ['{bad', 400, 'invalid_body'],
      [JSON.stringify({ userId: 'a'.repeat(3_000) }), 413, 'payload_too_large'],
      [JSON.stringify({ userId: 'u_mallory' }), 400, 'unknown_user'],
    ] as const) {
      const res = await post('/api/session', body);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toMatchObject({ error: { code } });
    }
    const missing = await fetch(`${demo.url}/api/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it("signs in with an HttpOnly cookie and shows only that user's inbox", async () => {
    const signIn = await post('/api/session', JSON.stringify({ userId: 'u_ben' }));
    const cookie = signIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    const sent = await post('/api/fyno/notify', JSON.stringify({ event: 'password_reset' }), session);
    expect(sent.status).toBe(202);
    const body = (await sent.json()) as { channels: Record<string, unknown> };
    expect(JSON.stringify(body)).not.toContain('ben@example.com');
    const inbox = (await (await fetch(`${demo.url}/api/inbox`, { headers: { cookie: session } })).json()) as { messages: Array<{ event: string }> };
    expect(inbox.messages.map((m) => m.event)).toEqual(['password_reset']);
    const other = await post('/api/session', JSON.stringify({ userId: 'u_ana' }));
    const anaInbox = (await (await fetch(`${demo.url}/api/inbox`, { headers: { cookie: other.headers.get('set-cookie')!.split(';')[0]! } })).json()) as {
      messages: unknown[];
    };
    expect(anaInbox.messages).toEqual([]);
    expect((await fetch(`${demo.url}/api/inbox`)).status).toBe(401);
  });

  it('signs in with a code: a fire of login_code, then verify.validate; wrong and reused codes refused', async () => {
    demo.emulator!.clear();
    // An unknown email is answered like a known one (no account probing), and nothing is sent.
    const unknown = await post('/api/code-sign-in', JSON.stringify({ email: 'nobody@example.com' }));
    expect(unknown.status).toBe(202);
    expect(demo.emulator!.messages()).toEqual([]);

    const start = await post('/api/code-sign-in', JSON.stringify({ email: 'chloe@example.com' }));
    expect(start.status).toBe(202);
    expect(await start.json()).toEqual({ sent: true });
    const attempt = start.headers.get('set-cookie')!;
    expect(attempt).toMatch(/HttpOnly/);
    const cookie = attempt.split(';')[0]!;
    const [message] = demo.emulator!.messages({ distinct_id: 'u_chloe' });
    expect(message).toMatchObject({ event: 'login_code', channels: { email: 'chloe@example.com' } });
    const otp = message!.otp!;
    expect(otp).toMatch(/^\d{6}$/);
    // Nothing the page gets names the code, the request id or the user.
    expect(attempt).not.toContain(otp);
    expect(attempt).not.toContain(message!.request_id);

    const verify = (code: string, withCookie = cookie) => post('/api/code-sign-in/verify', JSON.stringify({ code }), withCookie);
    const wrong = await verify(otp === '000000' ? '000001' : '000000');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'wrong_code' } });
    expect(wrong.headers.get('set-cookie')).toBeNull();
    // The right code from another browser (no attempt cookie) signs no one in.
    expect((await verify(otp, '')).status).toBe(401);

    const right = await verify(otp);
    expect(right.status).toBe(200);
    const session = right.headers.get('set-cookie')!;
    expect(session).toContain('fyno_demo_user=u_chloe');
    const me = (await (await fetch(`${demo.url}/api/session`, { headers: { cookie: session.split(';')[0]! } })).json()) as { user: { id: string } };
    expect(me.user.id).toBe('u_chloe');
    // A code signs in once.
    expect((await verify(otp)).status).toBe(401);
  });
});
