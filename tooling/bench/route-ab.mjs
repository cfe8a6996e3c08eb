// The Fastify notify route against its floor (and variants), alternating in ONE server process over
// real sockets: the A/B that stays readable while other work loads the machine, where routes.mjs's
// separate processes move with it. Each round serves a slice of requests to every variant, in a
// rotating order, and reads the server's own CPU time around each slice; the figures are medians of
// the per-round differences and ratios against the first variant. The emulator, the server and the
// load (undici, ROUTE_AB_CONNECTIONS in flight) are separate processes on loopback; each request is a
// browser's call as in route-load.mjs. Variants as in route-ab-server.mjs, e.g.
//   node tooling/bench/route-ab.mjs                                   (floor, route, route-no-otel)
//   node tooling/bench/route-ab.mjs floor=floor before='route@/tmp/old/fastify.mjs#/tmp/old/core/dist/index.js' after=route
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool, request } from 'undici';

const here = dirname(fileURLToPath(import.meta.url));
const SLICE = Number(process.env.ROUTE_AB_SLICE ?? 1_000);
const ROUNDS = Number(process.env.ROUTE_AB_ROUNDS ?? 20);
const CONNECTIONS = Number(process.env.ROUTE_AB_CONNECTIONS ?? 32);
// Rounds after the timed ones with V8's sampling heap profiler on around each slice (it slows the
// server, so their CPU is not counted): the bytes allocated per request.
const ALLOC_ROUNDS = Number(process.env.ROUTE_AB_ALLOC_ROUNDS ?? 0);
const specs = process.argv.length > 2 ? process.argv.slice(2) : ['floor=floor', 'route=route', 'route-no-otel=route-no-otel'];

const children = [];
process.on('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});
/** Starts a child that prints one JSON line on stdout; resolves with that line. */
function startChild(args) {
  const child = spawn(process.execPath, args, { cwd: here, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before it started`)));
    child.stdout.once('data', (d) => resolve(JSON.parse(d.toString().split('\n')[0])));
  });
}

const emu = await startChild([join(here, 'emulator.mjs')]);
const server = await startChild([join(here, 'route-ab-server.mjs'), JSON.stringify(emu), ...specs]);
const labels = Object.keys(server.urls);
const pools = Object.fromEntries(labels.map((label) => [label, new Pool(new URL(server.urls[label]).origin, { connections: CONNECTIONS, pipelining: 1 })]));
const serverCpuUs = async () => JSON.parse(await (await request(server.control)).body.text()).cpuUs;

let n = 0;
let refused = 0;
/** One slice of requests to one variant: the server's CPU µs per request and the requests/s. */
async function slice(label) {
  const pool = pools[label];
  const path = new URL(server.urls[label]).pathname;
  let left = SLICE;
  const connection = async () => {
    while (left-- > 0) {
      const i = n++;
      const res = await pool.request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'x-user': `u${i % 50_000}`, 'idempotency-key': `ab-${process.pid}-${i}` },
        body: `{"event":"bench_event","data":{"order":"A-${i}"}}`,
      });
      await res.body.text();
      if (res.statusCode !== 202) refused++;
    }
  };
  const cpu0 = await serverCpuUs();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, connection));
  const seconds = (performance.now() - t0) / 1000;
  return { cpuUs: ((await serverCpuUs()) - cpu0) / SLICE, perSecond: SLICE / seconds };
}

const runs = Object.fromEntries(labels.map((label) => [label, []]));
for (let w = 0; w < 3; w++) for (const label of labels) await slice(label);
const loads = [loadavg()[0]];
for (let r = 0; r < ROUNDS; r++) {
  const round = {};
  for (let k = 0; k < labels.length; k++) round[labels[(r + k) % labels.length]] = await slice(labels[(r + k) % labels.length]);
  for (const label of labels) runs[label].push(round[label]);
}
loads.push(loadavg()[0]);
const allocated = Object.fromEntries(labels.map((label) => [label, []]));
const control = async (path) => JSON.parse(await (await request(new URL(path, server.control))).body.text());
for (let r = 0; r < ALLOC_ROUNDS; r++) {
  for (let k = 0; k < labels.length; k++) {
    const label = labels[(r + k) % labels.length];
    await control('/heap/start');
    await slice(label);
    allocated[label].push((await control('/heap/stop')).bytes / SLICE / 1024);
  }
}
for (const pool of Object.values(pools)) await pool.close();
if (refused > 0) throw new Error(`${refused} requests were not answered 202`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ref = labels[0];
const paired = (label, f) => median(runs[label].map((run, i) => f(run, runs[ref][i])));
console.log(`${ROUNDS} rounds × ${SLICE} requests per variant, ${CONNECTIONS} in flight; load average ${loads.map((x) => x.toFixed(1)).join(' → ')}`);
const kb = (label) => (ALLOC_ROUNDS > 0 ? ` ${median(allocated[label]).toFixed(1)} |` : '');
console.log(
  `| variant | server CPU µs/req | Δ vs ${ref} (paired) | ${ref} CPU / this (paired) | req/s | req/s vs ${ref} (paired) |${ALLOC_ROUNDS > 0 ? ' KB allocated/req |' : ''}`,
);
console.log(`|---|---:|---:|---:|---:|---:|${ALLOC_ROUNDS > 0 ? '---:|' : ''}`);
for (const label of labels) {
  const delta = paired(label, (run, base) => run.cpuUs - base.cpuUs);
  console.log(
    `| ${label} | ${median(runs[label].map((x) => x.cpuUs)).toFixed(1)} | ${delta >= 0 ? '+' : ''}${delta.toFixed(1)} | ${paired(label, (run, base) => base.cpuUs / run.cpuUs).toFixed(3)}× | ${Math.round(median(runs[label].map((x) => x.perSecond)))} | ${paired(label, (run, base) => run.perSecond / base.perSecond).toFixed(3)}× |${kb(label)}`,
  );
}
process.exit(0);
