import Fastify from 'fastify';
import { Fyno } from '@fyno-kit/core';
import { fyno } from '@fyno-kit/fastify';
const app = Fastify();
const { FYNO_WSID: workspaceId = '', FYNO_API_KEY: apiKey = '' } = process.env;
const existingClient = new Fyno();
await app.register(fyno); // FYNO_WSID, FYNO_API_KEY, FYNO_VERSION, FYNO_BASE_URL
await app.register(fyno, { workspaceId, apiKey, version: 'test' });
await app.register(fyno, { client: existingClient }); // a Fyno you built yourself

app.post<{ Params: { id: string } }>('/orders/:id/ship', async (request, reply) => {
  await request.fyno.fire('order_shipped', { distinct_id: 'u_123', data: { order: request.params.id } });
  return reply.code(204).send();
});
