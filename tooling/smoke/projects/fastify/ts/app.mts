// A TypeScript ESM Fastify user on `moduleResolution: node16`: the plugin's types (app.fyno,
// request.fyno, identify typed as FastifyRequest), then the same code run for real.
import assert from 'node:assert/strict';
import Fastify, { type FastifyRequest } from 'fastify';
import { Fyno } from '@fyno-kit/core';
import { defineNotifyPolicy, type NotifyErrorBody, type NotifySuccessBody } from '@fyno-kit/core/server';
import { fyno, notifyRoute, type FynoPluginOptions } from '@fyno-kit/fastify';

const options: FynoPluginOptions = { maxRetries: 1 };
const policy = defineNotifyPolicy({
  identify: (request: FastifyRequest) => {
    const user = request.headers['x-user'];
    return typeof user === 'string' ? user : null;
  },
  events: { smoke_fastify_ts: { to: () => ({ email: 'fastify-ts@example.com' }) } },
});

const app = Fastify();
await app.register(fyno, options);
app.get('/typed', async (request) => {
  const same: Fyno = request.fyno; // the FastifyRequest augmentation reaches a node16 ESM consumer
  return { same: same === app.fyno };
});
await app.register(notifyRoute(policy), { prefix: '/api/fyno/notify' });

const origin = await app.listen({ port: 0, host: '127.0.0.1' });
try {
  const res = await fetch(`${origin}/api/fyno/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user': 'u_fastify_ts' },
    body: JSON.stringify({ event: 'smoke_fastify_ts', data: { via: 'typescript' } }),
  });
  const body = (await res.json()) as NotifySuccessBody | NotifyErrorBody;
  assert.equal(res.status, 202, JSON.stringify(body));
  assert.ok('request_id' in body);
  const typed = (await (await fetch(`${origin}/typed`)).json()) as { same: boolean };
  assert.equal(typed.same, true);
  console.log(`fastify ts: notify route answered 202, request_id ${body.request_id}`);
} finally {
  await app.close();
}
