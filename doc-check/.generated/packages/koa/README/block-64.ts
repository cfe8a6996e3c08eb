import Koa from 'koa';
import { inappSession } from '@fyno-kit/koa';

const app = new Koa();
const session = inappSession({ identify: (ctx) => (ctx.state.user as { id: string } | undefined)?.id ?? null });
app.use((ctx, next) => (ctx.path === '/api/fyno/inapp-session' ? session(ctx, next) : next()));
