import Fastify from 'fastify';
import { notifyRoute } from '@fyno-kit/fastify';
const app = Fastify();
declare function userIdOf(request: import('fastify').FastifyRequest): string | null;
declare function billingEmail(distinctId: string): Promise<string>;
import { z } from 'zod';
import { defineNotifyPolicy } from '@fyno-kit/core/server';
import type { FastifyRequest } from 'fastify';

export const policy = defineNotifyPolicy({
  identify: (request: FastifyRequest) => userIdOf(request), // your session lookup → distinct_id; null → 401
  events: {
    order_shipped: { data: z.object({ order: z.string() }) }, // checked and stripped by zod
    password_reset: {}, // any JSON-object data
    invoice_ready: {
      to: async ({ distinctId }) => ({ email: await billingEmail(distinctId) }), // decided on the server
    },
  },
  rateLimit: { limit: 10, windowMs: 60_000 }, // default 20 per minute per user
});

await app.register(notifyRoute(policy), { prefix: '/api/fyno/notify' });
