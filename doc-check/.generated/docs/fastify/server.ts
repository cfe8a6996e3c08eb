import Fastify from 'fastify';
import { fyno, notifyRoute } from '@fyno-kit/fastify';
import { defineNotifyPolicy } from '@fyno-kit/core/server';
import type { FastifyRequest } from 'fastify';

const app = Fastify({ logger: true });
await app.register(fyno); // app.fyno and request.fyno: one client from FYNO_*

// Fire from your own routes.
app.post<{ Params: { id: string } }>('/orders/:id/ship', async (request, reply) => {
  const result = await request.fyno.fire('order_shipped', { distinct_id: 'u_123', data: { order: request.params.id } });
  return reply.code(202).send(result);
});

// The route useNotify() calls. `<FastifyRequest>()` types identify's `request`: never `any`.
export const policy = defineNotifyPolicy<FastifyRequest>()({
  identify: (request) => request.headers['x-demo-user']?.toString() ?? null, // a stand-in for your session
  events: { order_shipped: {} },
});
await app.register(notifyRoute(policy), { prefix: '/api/fyno/notify' });

await app.listen({ port: Number(process.env.PORT ?? 3000) });
