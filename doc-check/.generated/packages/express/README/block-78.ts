import express from 'express';
import { notifyRoute } from '@fyno-kit/express';
import 'express-session';
declare module 'express-session' {
  interface SessionData {
    userId: string;
  }
}
const app = express();
declare function billingEmail(distinctId: string): Promise<string>;
import { z } from 'zod';
import { defineNotifyPolicy } from '@fyno-kit/core/server';
import type { Request } from 'express';

export const policy = defineNotifyPolicy({
  identify: (req: Request) => req.session?.userId ?? null, // → distinct_id; nobody → 401
  events: {
    order_shipped: { data: z.object({ order: z.string() }) }, // checked and stripped by zod
    password_reset: {}, // any JSON-object data
    invoice_ready: {
      to: async ({ distinctId }) => ({ email: await billingEmail(distinctId) }), // decided on the server
    },
  },
  rateLimit: { limit: 10, windowMs: 60_000 }, // default 20 per minute per user
});

app.use('/api/fyno/notify', notifyRoute(policy)); // or app.post(path, notifyRoute(policy))
