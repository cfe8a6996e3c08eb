// Starts the built server as it is deployed, `node .output/server/index.mjs`, on a free port of
// 127.0.0.1, and prints `{"port":N}` once it listens, for the tests (tooling/test-support/hosts/remote.ts).
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const probe = createServer().listen(0, '127.0.0.1');
await once(probe, 'listening');
const { port } = probe.address();
await new Promise((resolve) => probe.close(resolve));

process.env.HOST = '127.0.0.1';
process.env.PORT = String(port);
await import('./.output/server/index.mjs');

const listening = () =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket.end() && true));
    socket.on('error', () => resolve(false));
  });
while (!(await listening())) await sleep(50);
console.log(JSON.stringify({ port, node: process.version }));
