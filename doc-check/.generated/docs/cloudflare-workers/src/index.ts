import { Fyno } from '@fyno-kit/core';
import { createNotifyHandler } from '@fyno-kit/core/server';
import { Hono, type Context } from 'hono';
import { jwt, sign } from 'hono/jwt';

type Env = { Bindings: { FYNO_WSID: string; FYNO_API_KEY: string; FYNO_BASE_URL?: string; JWT_SECRET: string } };
const app = new Hono<Env>();

// Sign-in: your real one checks a password, an OAuth callback or Cloudflare Access first.
app.post('/login', async (c) => c.json({ token: await sign({ sub: 'u_123', exp: Math.floor(Date.now() / 1000) + 3600 }, c.env.JWT_SECRET) }));
app.use('/api/*', (c, next) => jwt({ secret: c.env.JWT_SECRET, alg: 'HS256' })(c, next));

// One route per isolate, built on its first request: the secrets live in `env`, not in globals.
let notify: ((request: Request, c: Context<Env>) => Promise<Response>) | undefined;
app.all('/api/fyno/notify', (c) => {
  notify ??= createNotifyHandler({
    identify: (_request, ctx: Context<Env>) => (ctx.get('jwtPayload') as { sub?: string } | undefined)?.sub ?? null,
    events: { order_shipped: {} },
    client: new Fyno({ workspaceId: c.env.FYNO_WSID, apiKey: c.env.FYNO_API_KEY, baseUrl: c.env.FYNO_BASE_URL }),
  });
  return notify(c.req.raw, c);
});
app.get('/', (c) => c.text('ok'));

export default app;
