declare function sessionUserId(request: Request): string | null | Promise<string | null>;
// server/policy.ts
import { defineNotifyPolicy } from '@fyno-kit/core/server';
import { z } from 'zod';

export const policy = defineNotifyPolicy({
  identify: (request: Request) => sessionUserId(request), // your auth; null → 401
  events: { order_shipped: { data: z.object({ order: z.string() }) }, password_reset: {} },
});
export type AppPolicy = typeof policy;
