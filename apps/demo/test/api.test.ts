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
});
