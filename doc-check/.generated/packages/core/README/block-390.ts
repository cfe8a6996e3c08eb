// lib/notify-policy.ts (a Next.js route file may export only its handlers, so the policy lives here)
import { createNotifyHandler, defineNotifyPolicy } from '@fyno-kit/core/server';
import { z } from 'zod';
import { auth } from '@/auth';

export const policy = defineNotifyPolicy<Request>()({
  identify: async () => (await auth())?.user?.id ?? null, // → distinct_id, or 401
  events: {
    order_shipped: { data: z.object({ order: z.string() }) }, // checked (and stripped) by zod
    password_reset: {}, // any JSON-object data
  },
});

// app/api/fyno/notify/route.ts (Next.js App Router)
export const POST = createNotifyHandler(policy);
