// The notify route's own CPU per accepted request, without a network: `route.serve` on an in-memory
// exchange, with the bench's policy (identify from a header, the default rate limit, an allow-list, a
// data check, the namespaced Idempotency-Key) and a `Fyno` whose `fetch` answers at once. Two bodies:
// one a framework parsed (Express, Fastify, Nest hand the route a value) and raw bytes (the web
// handler). Variants are builds of core's adapter entry, each with one idiom of "await only what is
// asynchronous" taken out; they alternate in short slices in one process, in a rotating order, so a
// busy machine slows all alike. This is how each idiom that stays earned its place (the figures are
// in the comments beside them: is-thenable.ts, idempotency-key.ts, rate-limiter.ts, body.ts).
//   node tooling/bench/route-micro.mjs
//   BENCH_ROUTE_VARIANTS='now=@fyno-kit/core/adapter,plain-await=/tmp/v/plain-await.js' node tooling/bench/route-micro.mjs
import { loadavg } from 'node:os';
import { Fyno } from '@fyno-kit/core';

const spec = process.env.BENCH_ROUTE_VARIANTS ?? 'now=@fyno-kit/core/adapter';
const variants = [];
for (const entry of spec.split(',')) {
  const [label, path] = entry.split('=');
  variants.push({ label, core: await import(path) });
}
const SLICE = Number(process.env.BENCH_SLICE ?? 2_000);
const SLICES = Number(process.env.BENCH_SLICES ?? 40);
const USERS = 50_000;

const answer = JSON.stringify({ event: 'bench_event', request_id: 'r', received_time: 't', response: { email: { status: 'ok', msg_id: 'm' } } });
const response = { status: 202, headers: { get: () => null }, text: async () => answer };
const client = new Fyno({ workspaceId: 'FY1', apiKey: 'k', baseUrl: 'http://127.0.0.1:1/v1', fetch: async () => response, logger: false });

const policy = {
  identify: (req) => req.user,
  events: {
    bench_event: {
      data: (data) => {
        if (typeof data?.order !== 'string') throw new TypeError('order must be a string');
        return { order: data.order };
      },
    },
  },
  client,
};
const routes = variants.map((v) => v.core.createNotifyRoute(policy));

let seq = 0;
let failures = 0;
const sink = {
  send(a) {
    if (a.status !== 202) failures++;
  },
};
const encoder = new TextEncoder();
/** One browser call, as a host hands it over: a parsed value, or the raw bytes. */
function exchange(kind) {
  const i = seq++;
  const headers = { 'content-type': 'application/json', 'idempotency-key': `micro-${i}` };
  const body = { event: 'bench_event', data: { order: `A-${i}` } };
  const source = kind === 'parsed' ? { kind: 'parsed', value: body } : { kind: 'bytes', bytes: encoder.encode(JSON.stringify(body)) };
  return { method: 'POST', header: (name) => headers[name], body: () => source, request: { user: `u${i % USERS}` }, sink };
}

async function slice(route, kind) {
  const t = process.cpuUsage();
  const inFlight = [];
  for (let i = 0; i < SLICE; i++) inFlight.push(route.serve(exchange(kind)));
  await Promise.all(inFlight);
  const d = process.cpuUsage(t);
  return (d.user + d.system) / SLICE;
}

const KINDS = ['parsed', 'bytes'];
const times = variants.map(() => ({ parsed: [], bytes: [] }));
for (let s = 0; s < 5; s++) for (const route of routes) for (const kind of KINDS) await slice(route, kind); // warm up
for (let s = 0; s < SLICES; s++) {
  for (let k = 0; k < variants.length; k++) {
    const v = (s + k) % variants.length;
    for (const kind of KINDS) times[v][kind].push(await slice(routes[v], kind));
  }
}
if (failures > 0) throw new Error(`${failures} requests were not accepted`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Each round measures every variant back to back: the median of the per-round differences from the
// first variant is the figure least moved by what else the machine is doing.
const paired = (v, kind) => median(times[v][kind].map((t, s) => t - times[0][kind][s]));
console.log(
  `notify route CPU µs per accepted request, median of ${SLICES} slices of ${SLICE}; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')}`,
);
console.log(`| variant | parsed body µs | vs ${variants[0].label} (paired) | raw bytes µs | vs ${variants[0].label} (paired) |`);
console.log('|---|---:|---:|---:|---:|');
variants.forEach(({ label }, v) => {
  const cells = KINDS.flatMap((kind) => {
    const d = paired(v, kind);
    const ref = median(times[0][kind]);
    return [median(times[v][kind]).toFixed(2), `${d >= 0 ? '+' : ''}${d.toFixed(2)} (${((d / ref) * 100).toFixed(1)} %)`];
  });
  console.log(`| ${label} | ${cells.join(' | ')} |`);
});
