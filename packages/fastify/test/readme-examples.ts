/**
 * The README's TypeScript examples, as written there, so `tsc --noEmit` (the package's typecheck)
 * proves they compile against this package's types. Not run: the names declared below stand for
 * the reader's own code.
 */
import { defineNotifyPolicy } from '@fyno-kit/core/server';
import type { Fyno } from '@fyno-kit/core';
import Fastify, { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fyno, notifyRoute } from '../src/index';

declare const workspaceId: string;
declare const apiKey: string;
declare const existingClient: Fyno;
declare function userIdOf(request: FastifyRequest): string | null;
declare function billingEmail(distinctId: string): Promise<string>;

export async function fynoPlugin(): Promise<void> {
  const app = Fastify();
  await app.register(fyno);
  await app.register(fyno, { workspaceId, apiKey, version: 'test' });
  await app.register(fyno, { client: existingClient });

  app.post<{ Params: { id: string } }>('/orders/:id/ship', async (request, reply) => {
    await request.fyno.fire('order_shipped', { distinct_id: 'u_123', data: { order: request.params.id } });
    return reply.code(204).send();
  });
}

export async function notifyRouteExample(): Promise<void> {
  const app = Fastify();
  const policy = defineNotifyPolicy({
    identify: (request: FastifyRequest) => userIdOf(request),
    events: {
      order_shipped: { data: z.object({ order: z.string() }) },
      password_reset: {},
      invoice_ready: {
        to: async ({ distinctId }) => ({ email: await billingEmail(distinctId) }),
      },
    },
    rateLimit: { limit: 10, windowMs: 60_000 },
  });
  await app.register(notifyRoute(policy), { prefix: '/api/fyno/notify' });

  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => void app.close().then(() => process.exit(0)));
  }
}
