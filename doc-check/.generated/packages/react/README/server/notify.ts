import 'express-session';
declare module 'express-session' {
  interface SessionData {
    userId: string;
  }
}
// server/notify.ts
import type { Request } from 'express';
import { defineNotifyPolicy } from '@fyno-kit/core/server';
import { z } from 'zod';

export const policy = defineNotifyPolicy<Request>()({
  identify: (req) => req.session?.userId ?? null,
  events: {
    order_shipped: { data: z.object({ order: z.string() }) }, // data: { order: string }
    invite: { data: (d: { email: string }) => d }, // data: { email: string }
    password_reset: {}, // any object, or none
  },
});
