import Koa from 'koa';
import { notifyRoute } from '@fyno-kit/koa';

const app = new Koa();
app.keys = [process.env.COOKIE_KEY!]; // signs the session cookie

// Your auth: here a signed cookie set by /login; koa-passport or a JWT middleware work the same way.
app.use(async (ctx, next) => {
  const uid = ctx.cookies.get('uid', { signed: true });
  if (uid) ctx.state.user = { id: uid };
  await next();
});

// No client given: one `new Fyno()` from the FYNO_* variables, built on first use.
const notify = notifyRoute({
  identify: (ctx) => (ctx.state.user as { id: string } | undefined)?.id ?? null,
  events: { order_shipped: {} },
});

app.use(async (ctx, next) => {
  if (ctx.path === '/login' && ctx.method === 'POST') {
    ctx.cookies.set('uid', 'u_123', { signed: true, httpOnly: true, sameSite: 'lax' }); // after checking a password
    ctx.body = 'signed in\n';
    return;
  }
  if (ctx.path === '/api/fyno/notify') return notify(ctx, next);
  ctx.body = 'ok\n';
});

app.listen(3000, () => console.log('listening on http://127.0.0.1:3000'));
