declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(options: { port: number }, handler: (request: Request) => Response | Promise<Response>): unknown;
};
import { Fyno } from '@fyno-kit/core';
import { createNotifyHandler } from '@fyno-kit/core/server';

// The key comes from Deno.env; it never reaches the browser.
const fyno = new Fyno({ workspaceId: Deno.env.get('FYNO_WSID'), apiKey: Deno.env.get('FYNO_API_KEY'), baseUrl: Deno.env.get('FYNO_BASE_URL') });

// A stand-in for your session store (Deno KV, a database): session id → user id.
const sessions = new Map<string, string>();
const sessionOf = (request: Request) => /(?:^|;\s*)sid=([\w-]+)/.exec(request.headers.get('cookie') ?? '')?.[1];

const notify = createNotifyHandler({
  identify: (request) => sessions.get(sessionOf(request) ?? '') ?? null,
  events: { order_shipped: {} },
  client: fyno,
});

Deno.serve({ port: 3000 }, (request) => {
  const { pathname } = new URL(request.url);
  if (pathname === '/login' && request.method === 'POST') {
    const sid = crypto.randomUUID();
    sessions.set(sid, 'u_123'); // your real sign-in checks a password or an OAuth callback
    return new Response('signed in\n', { headers: { 'set-cookie': `sid=${sid}; HttpOnly; SameSite=Lax; Path=/` } });
  }
  if (pathname === '/api/fyno/notify') return notify(request);
  return new Response('ok\n');
});
