#!/usr/bin/env node
// Compares two builds of the emulator's request handler in one process, with no sockets: fake
// req/res objects carry E1 events straight into `handler`, alternating rounds between the builds,
// so a shared, busy machine slows both alike. Prints the min and median µs per request of each.
//   node scripts/handler-ab.mjs <buildA/dist/index.js> <buildB/dist/index.js>
import { EventEmitter } from 'node:events';
const builds = {};
for (const [name, path] of [
  ['A', process.argv[2]],
  ['B', process.argv[3]],
]) {
  const { createEmulator } = await import(new URL(path, `file://${process.cwd()}/`).href);
  builds[name] = createEmulator({ events: ['order_shipped'], maxRequestLog: 1000 });
}
const body = Buffer.from(JSON.stringify({ event: 'order_shipped', to: { email: 'a@example.com' }, data: { order: 'A1' } }));
function one(emu, url, headers) {
  return new Promise((resolve) => {
    const req = new EventEmitter();
    req.method = 'POST';
    req.url = url;
    req.headers = headers;
    req.socket = new EventEmitter();
    req.readableEnded = false;
    req.pause = () => {};
    const res = new EventEmitter();
    res.headersSent = false;
    res.destroyed = false;
    res.writeHead = (s) => {
      res.statusCode = s;
      res.headersSent = true;
    };
    res.end = () => resolve(res.statusCode);
    emu.handler(req, res);
    req.emit('data', body);
    req.emit('end');
  });
}
async function round(name, n) {
  const emu = builds[name];
  const headers = { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json', 'content-length': String(body.length) };
  const url = `/v1/${emu.workspaceId}/live/event`;
  emu.clear();
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) if ((await one(emu, url, headers)) !== 202) throw new Error('not 202');
  return Number(process.hrtime.bigint() - t) / 1e3 / n;
}
await round('A', 20000);
await round('B', 20000);
const best = { A: [], B: [] };
for (let r = 0; r < 12; r++) for (const name of r % 2 ? ['A', 'B'] : ['B', 'A']) best[name].push(await round(name, 10000));
for (const name of ['A', 'B']) {
  const s = best[name].sort((a, b) => a - b);
  console.log(`${name}: min ${s[0].toFixed(2)} µs, median ${s[6].toFixed(2)} µs per E1 request`);
}
