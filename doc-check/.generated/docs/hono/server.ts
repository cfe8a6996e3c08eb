import { serve } from '@hono/node-server';
import { createNotifyHandler } from '@fyno-kit/core/server';
import { Hono, type Context } from 'hono';
import { jwt, sign } from 'hono/jwt';

const secret = process.env.JWT_SECRET!;
const app = new Hono();

// Sign-in: your real one checks a password or an OAuth callback first.
app.post('/login', async (c) => c.json({ token: await sign({ sub: 'u_123', exp: Math.floor(Date.now() / 1000) + 3600 }, secret) }));

// Hono's JWT middleware puts the verified payload on the context.
app.use('/api/*', jwt({ secret, alg: 'HS256' }));

// No client given: one `new Fyno()` from the FYNO_* variables, built on first use.
const notify = createNotifyHandler({
  identify: (_request, c: Context) => (c.get('jwtPayload') as { sub?: string } | undefined)?.sub ?? null,
  events: { order_shipped: {} },
});
app.all('/api/fyno/notify', (c) => notify(c.req.raw, c));

serve({ fetch: app.fetch, port: 3000 }, (info) => console.log(`listening on http://127.0.0.1:${info.port}`));
