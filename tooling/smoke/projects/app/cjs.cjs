// A CommonJS user: require() resolves the `node` + `require` conditions (the undici build).
const assert = require('node:assert/strict');
const { Fyno, FynoError, VERSION } = require('@fyno-kit/core');
const { createNotifyRoute, defineNotifyPolicy } = require('@fyno-kit/core/server');
const { fyno, notifyRoute } = require('@fyno-kit/express');

assert.match(require.resolve('@fyno-kit/core'), /[\\/]dist[\\/]index\.cjs$/);
assert.equal(typeof createNotifyRoute, 'function');
assert.equal(typeof defineNotifyPolicy, 'function');
assert.equal(typeof fyno, 'function');
assert.equal(typeof notifyRoute, 'function');
assert.ok(new FynoError('x') instanceof Error);
assert.match(VERSION, /^\d+\.\d+\.\d+/);

(async () => {
  const client = new Fyno(); // FYNO_WSID, FYNO_API_KEY, FYNO_BASE_URL, like the official SDK
  const res = await client.fire('smoke_cjs', { to: { email: 'cjs@example.com' }, data: { via: 'require' } });
  assert.ok(res.request_id);
  await client.close();
  console.log(`cjs: fired, request_id ${res.request_id}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
