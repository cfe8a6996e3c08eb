// The client's own CPU per bulk item, without a network: a stub fetch answers Fyno's 100-item bulk
// response at once. Set beside what raw undici's bulk scenario also pays (building the batch and its
// JSON), the difference is the client's: validation, the request, the result (Fyno's answer, which
// the raw scenario reads as text and never parses). Variants alternate in short slices in one
// process, so a busy machine slows all alike; medians of the slices. Profile with --cpu-prof.
//   node tooling/bench/bulk-micro.mjs                    (BENCH_SLICES=40 slices of 200 calls of 100 items)
//   BENCH_ONLY='queue, a logger' node --cpu-prof tooling/bench/bulk-micro.mjs              (one variant and the raw row)
//   BENCH_CORE_BEFORE=/path/to/old/core/dist/index.js node tooling/bench/bulk-micro.mjs   (adds "before" rows)
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';

const now = await import('@fyno-kit/core');
const before = process.env.BENCH_CORE_BEFORE;
const old = before ? await import(before.startsWith('/') ? pathToFileURL(before).href : before) : undefined;

const PER_CALL = 100;
const items = Array.from({ length: PER_CALL }, (_, i) => ({
  seq: i + 1,
  request_id: `r${i}`,
  email: { destination: `u${i}@example.com`, msg_id: `m${i}`, status: 'ok' },
}));
const body = JSON.stringify({ event: 'bench', received_time: Date.now(), request_id: 'r', response: items });
const response = { status: 202, headers: { get: () => null }, text: async () => body };
// A logger that prints nothing, so the no-channel check runs as under the default (development) one.
const sink = { warn() {}, error() {} };
const client = (core, logger) =>
  new core.Fyno({ workspaceId: 'FY1', apiKey: 'k', baseUrl: 'http://127.0.0.1:1/v1', fetch: async () => response, openTelemetry: false, logger });

let seq = 0;
const payload = () => {
  const n = seq++;
  return { distinct_id: `u${n % 1000}`, to: { email: `u${n % 1000}@example.com` }, data: { order: `A-${n}` } };
};
const batch = () => Array.from({ length: PER_CALL }, payload);

const CALLS = Math.max(1, Math.floor(Number(process.env.N ?? 200)));
// What raw undici also pays per request: the batch and its JSON.
const raw = async () => {
  for (let i = 0; i < CALLS; i++) JSON.stringify({ event: 'bench', batch: batch() });
};
const fireBulk = (fyno) => async () => {
  for (let i = 0; i < CALLS; i++) await fyno.fireBulk('bench', batch());
};
// The queue as the `queue` scenario of client.mjs drives it: 100 per batch, 4 in flight, the loop
// yielding to the event loop every 500 calls.
const queue = (fyno) => {
  const q = fyno.queue({ flushAt: PER_CALL, flushIntervalMs: 50, maxQueueSize: CALLS * PER_CALL + 1, concurrency: 4 });
  return async () => {
    for (let i = 0; i < CALLS * PER_CALL; i++) {
      q.enqueue('bench', payload());
      if (i % 500 === 499) await new Promise((r) => setImmediate(r));
    }
    await q.flush();
  };
};

const allVariants = [
  ['building + stringify (raw undici pays this too)', raw],
  ...(old ? [['fireBulk, before, a logger', fireBulk(client(old, sink))]] : []),
  ['fireBulk, no logger', fireBulk(client(now, false))],
  ['fireBulk, a logger (the no-channel check)', fireBulk(client(now, sink))],
  ...(old ? [['queue, before, a logger', queue(client(old, sink))]] : []),
  ['queue, no logger', queue(client(now, false))],
  ['queue, a logger (the no-channel check)', queue(client(now, sink))],
];
// BENCH_ONLY=queue: the raw row and the variants whose label contains it (e.g. to profile one).
const only = process.env.BENCH_ONLY;
const variants = allVariants.filter(([label], i) => i === 0 || !only || label.includes(only));
const SLICES = Number(process.env.BENCH_SLICES ?? 40);
const times = Object.fromEntries(variants.map(([label]) => [label, []]));
const perItemUs = async (run) => {
  const t = process.cpuUsage();
  await run();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / (CALLS * PER_CALL);
};
for (let s = 0; s < Math.min(5, SLICES); s++) for (const [, run] of variants) await perItemUs(run); // warm up
// A rotating order, so garbage one variant leaves behind is not always collected in the same one.
for (let s = 0; s < SLICES; s++) {
  for (let v = 0; v < variants.length; v++) {
    const [label, run] = variants[(s + v) % variants.length];
    times[label].push(await perItemUs(run));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(variants.map(([label]) => [label, median(times[label])]));
const rawUs = m[variants[0][0]];
const fb = m['fireBulk, a logger (the no-channel check)'];
if (fb !== undefined)
  console.log(`fireBulk ${fb.toFixed(3)} µs/item; building+stringify alone ${rawUs.toFixed(3)} µs/item; client's own ${(fb - rawUs).toFixed(3)} µs/item`);
console.log(`\nmedians of ${SLICES} slices of ${CALLS} × ${PER_CALL} items; load average ${loadavg()[0].toFixed(2)}\n`);
console.log('| variant | CPU µs per item | over building + stringify |\n|---|---:|---:|');
for (const [label] of variants) console.log(`| ${label} | ${m[label].toFixed(3)} | ${(m[label] - rawUs).toFixed(3)} |`);
