// An ESM user: import resolves the `node` + `import` conditions (the undici build).
import assert from 'node:assert/strict';
import { Fyno, drainOnSignals } from '@fyno-kit/core';
import { createNotifyHandler } from '@fyno-kit/core/server';
import { fyno } from '@fyno-kit/express';
import { startEmulator } from '@fyno-kit/emulator';

assert.match(import.meta.resolve('@fyno-kit/core'), /\/dist\/index\.js$/);
assert.equal(typeof drainOnSignals, 'function');
assert.equal(typeof createNotifyHandler, 'function');
assert.equal(typeof fyno, 'function');
assert.equal(typeof startEmulator, 'function');

const client = new Fyno({
  workspaceId: process.env.FYNO_WSID,
  apiKey: process.env.FYNO_API_KEY,
  baseUrl: process.env.FYNO_BASE_URL,
});
const res = await client.fire('smoke_esm', { to: { email: 'esm@example.com' }, data: { via: 'import' } });
assert.ok(res.request_id);
await client.close();
console.log(`esm: fired, request_id ${res.request_id}`);
