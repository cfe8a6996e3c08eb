// Starts the @astrojs/node standalone build (`node dist/server/entry.mjs` as deployed) on a free port
// of 127.0.0.1 and prints `{"port":N}` for the tests (tooling/test-support/hosts/remote.ts). The port is
// picked first: Astro builds `context.url` with the PORT it was given.
import { once } from 'node:events';
import { createServer } from 'node:net';

const probe = createServer().listen(0, '127.0.0.1');
await once(probe, 'listening');
const { port } = probe.address();
await new Promise((resolve) => probe.close(resolve));

process.env.HOST = '127.0.0.1';
process.env.PORT = String(port);
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { startServer } = await import('./dist/server/entry.mjs');
const { server } = startServer();
if (!server.server.listening) await once(server.server, 'listening');
console.log(JSON.stringify({ port: server.server.address().port, node: process.version }));
