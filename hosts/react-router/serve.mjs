// Starts the production build as it is deployed, `react-router-serve build/server/index.js`, on a free
// port of 127.0.0.1, and prints `{"port":N}` once it listens, for the tests (tooling/test-support/hosts/remote.ts).
// react-router-serve prints `localhost:0` for PORT=0, so the port is chosen here first.
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const probe = createServer().listen(0, '127.0.0.1');
await once(probe, 'listening');
const { port } = probe.address();
await new Promise((resolve) => probe.close(resolve));

process.env.HOST = '127.0.0.1';
process.env.PORT = String(port);
process.argv[2] = 'build/server/index.js';
// The CLI itself (bin.cjs sets NODE_ENV=production and imports it).
await import(new URL('./node_modules/@react-router/serve/bin.cjs', import.meta.url).href);

const listening = () =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket.end() && true));
    socket.on('error', () => resolve(false));
  });
while (!(await listening())) await sleep(50);
console.log(JSON.stringify({ port, node: process.version }));
