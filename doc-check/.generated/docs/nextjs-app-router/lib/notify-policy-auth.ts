import { defineNotifyPolicy } from '@fyno-kit/core/server';
import { z } from 'zod';
import { auth } from '@/auth';

export const policy = defineNotifyPolicy<Request>()({
  identify: async () => (await auth())?.user?.id ?? null, // nobody signed in → 401, nothing sent
  events: { order_shipped: { data: z.object({ order: z.string() }) } },
});
