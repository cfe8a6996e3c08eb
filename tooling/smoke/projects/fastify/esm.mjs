// An ESM Fastify user: import of @fyno-kit/fastify, one event through the notify route.
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { fyno, notifyRoute } from '@fyno-kit/fastify';

assert.match(import.meta.resolve('@fyno-kit/fastify'), /\/dist\/index\.js$/);

const app = Fastify();
await app.register(fyno);
await app.register(
  notifyRoute({
    identify: (request) => request.headers['x-user'] ?? null,
    events: { smoke_fastify_esm: { to: () => ({ email: 'fastify-esm@example.com' }) } },
  }),
  { prefix: '/api/fyno/notify' },
);
const origin = await app.listen({ port: 0, host: '127.0.0.1' });
try {
  const res = await fetch(`${origin}/api/fyno/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user': 'u_fastify_esm' },
    body: JSON.stringify({ event: 'smoke_fastify_esm', data: { via: 'import' } }),
  });
  const body = await res.json();
  assert.equal(res.status, 202, JSON.stringify(body));
  console.log(`fastify esm: notify route answered 202, request_id ${body.request_id}`);
} finally {
  await app.close();
}
