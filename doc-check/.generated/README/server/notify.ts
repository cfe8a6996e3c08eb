import 'express-session';
declare module 'express-session' {
  interface SessionData {
    userId: string;
  }
}
// server
import express from 'express';
import { fyno, notifyRoute } from '@fyno-kit/express';
import { defineNotifyPolicy } from '@fyno-kit/core/server';
import { z } from 'zod';

export const policy = defineNotifyPolicy({
  identify: (req: express.Request) => req.session?.userId ?? null, // who is asking → distinct_id
  events: { order_shipped: { data: z.object({ order: z.string() }) }, password_reset: {} },
});

const app = express();
app.use(fyno()); // req.fyno: one shared client (FYNO_* env)
app.use('/api/fyno/notify', notifyRoute(policy)); // what useNotify() calls
