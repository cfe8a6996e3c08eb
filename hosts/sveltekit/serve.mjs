// Starts the adapter-node build as it is deployed (`ORIGIN=… PORT=… node build`) on a free port of
// 127.0.0.1, and prints `{"port":N}` for the tests (tooling/test-support/hosts/remote.ts). ORIGIN is what a
// deployment sets: without it adapter-node takes the origin as https, and SvelteKit's csrf check
// would refuse the app's own form posts.
import { once } from 'node:events';
import { createServer } from 'node:net';

const probe = createServer().listen(0, '127.0.0.1');
await once(probe, 'listening');
const { port } = probe.address();
await new Promise((resolve) => probe.close(resolve));

process.env.HOST = '127.0.0.1';
process.env.PORT = String(port);
process.env.ORIGIN = `http://127.0.0.1:${port}`;
const { server } = await import('./build/index.js');
if (!server.listening) await once(server, 'listening');
console.log(JSON.stringify({ port: server.address().port, node: process.version }));
