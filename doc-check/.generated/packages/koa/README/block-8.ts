import Koa from 'koa';
import { notifyRoute } from '@fyno-kit/koa';

const app = new Koa();
// Your auth sets ctx.state.user (koa-passport, a JWT middleware, a session).
const route = notifyRoute({
  identify: (ctx) => ctx.state.user?.id ?? null,
  events: { order_shipped: {}, password_reset: {} },
});
app.use(async (ctx, next) => (ctx.path === '/api/fyno/notify' ? route(ctx, next) : next()));
app.listen(3000);
