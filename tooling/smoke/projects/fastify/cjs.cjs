// A CommonJS Fastify user: require() of @fyno-kit/fastify, one event through the notify route.
const assert = require('node:assert/strict');
const Fastify = require('fastify');
const { fyno, notifyRoute } = require('@fyno-kit/fastify');

assert.match(require.resolve('@fyno-kit/fastify'), /[\\/]dist[\\/]index\.cjs$/);

(async () => {
  const app = Fastify();
  await app.register(fyno); // FYNO_WSID, FYNO_API_KEY, FYNO_BASE_URL
  await app.register(
    notifyRoute({
      identify: (request) => request.headers['x-user'] ?? null,
      events: { smoke_fastify_cjs: { to: () => ({ email: 'fastify-cjs@example.com' }) } },
    }),
    { prefix: '/api/fyno/notify' },
  );
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const res = await fetch(`${origin}/api/fyno/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user': 'u_fastify_cjs' },
      body: JSON.stringify({ event: 'smoke_fastify_cjs', data: { via: 'require' } }),
    });
    const body = await res.json();
    assert.equal(res.status, 202, JSON.stringify(body));
    console.log(`fastify cjs: notify route answered 202, request_id ${body.request_id}`);
  } finally {
    await app.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
