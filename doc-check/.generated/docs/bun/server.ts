declare const Bun: {
  env: Record<string, string | undefined>;
  serve(options: { port: number; fetch(request: Request): Response | Promise<Response> }): { port: number };
};
import { Fyno } from '@fyno-kit/core';
import { createNotifyHandler } from '@fyno-kit/core/server';

// The key comes from Bun.env (.env here); it never reaches the browser.
const fyno = new Fyno({ workspaceId: Bun.env.FYNO_WSID, apiKey: Bun.env.FYNO_API_KEY, baseUrl: Bun.env.FYNO_BASE_URL });

// A stand-in for your session store: session id → user id.
const sessions = new Map<string, string>();
const sessionOf = (request: Request) => /(?:^|;\s*)sid=([\w-]+)/.exec(request.headers.get('cookie') ?? '')?.[1];

const notify = createNotifyHandler({
  identify: (request) => sessions.get(sessionOf(request) ?? '') ?? null,
  events: { order_shipped: {} },
  client: fyno,
});

const server = Bun.serve({
  port: 3000,
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === '/login' && request.method === 'POST') {
      const sid = crypto.randomUUID();
      sessions.set(sid, 'u_123'); // your real sign-in checks a password or an OAuth callback
      return new Response('signed in\n', { headers: { 'set-cookie': `sid=${sid}; HttpOnly; SameSite=Lax; Path=/` } });
    }
    if (pathname === '/api/fyno/notify') return notify(request);
    return new Response('ok\n');
  },
});
console.log(`listening on http://127.0.0.1:${server.port}`);
