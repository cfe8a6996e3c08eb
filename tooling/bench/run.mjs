// `pnpm bench`: the client against raw undici and fetch, on the emulator in a separate process.
// Every figure is a median over BENCH_REPEATS rounds (default 5), each scenario in a fresh process,
// the scenarios interleaved in every round; every ratio is the median of the per-round ratios
// against raw undici in the same round, so the shared machine's load hits both sides alike. Writes
// its section of tooling/bench/RESULTS.md (between the markers below), leaving the rest of the file as it is.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);

const SCENARIOS = [
  ['undici', 1],
  ['fire', 1],
  ['undici', 64],
  ['fetch', 64],
  ['fire', 64],
  ['fire-otel', 64],
  ['undici-bulk', 4],
  ['fireBulk', 4],
  ['queue', 4],
];

function startEmulator() {
  const child = spawn(process.execPath, [join(here, 'emulator.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (d) => resolve({ child, info: JSON.parse(d.toString().split('\n')[0]) }));
  });
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function runScenario(info, name, concurrency) {
  const out = execFileSync(process.execPath, [join(here, 'client.mjs'), name, String(concurrency), JSON.stringify(info)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

function importTimeMs() {
  const code = "const t=performance.now();await import('@fyno-kit/core');process.stdout.write(String(performance.now()-t))";
  const times = [];
  for (let i = 0; i < 7; i++) times.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: here, encoding: 'utf8' })));
  return median(times);
}

// The machine is shared: record its load, so a reader can tell a busy run from a regression.
const loadAt = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
const loadStart = loadAt();
const { child, info } = await startEmulator();
const results = {};
try {
  for (let r = 0; r < REPEATS; r++) {
    for (const [name, c] of SCENARIOS) {
      await fetch(`${info.url}/_emulator/messages`, { method: 'DELETE' });
      const res = runScenario(info, name, c);
      (results[`${name}@${c}`] ??= []).push(res);
      console.log(
        `run ${r + 1}/${REPEATS} ${name} c=${c}: ${Math.round(res.eventsPerSec)} ev/s, ${res.cpuUsPerEvent.toFixed(1)} µs CPU/ev, p50 ${res.p50Ms.toFixed(2)} ms, p99 ${res.p99Ms.toFixed(2)} ms`,
      );
    }
  }
} finally {
  child.kill('SIGTERM');
}

const med = {};
for (const [key, runs] of Object.entries(results)) {
  med[key] = Object.fromEntries(['eventsPerSec', 'p50Ms', 'p99Ms', 'cpuUsPerEvent', 'peakRssMb'].map((f) => [f, median(runs.map((x) => x[f]))]));
}
const importMs = importTimeMs();

// Durable sending through BullMQ (packages/bullmq/bench), when a redis-server is at hand.
function bullmqSection() {
  const script = join(here, '..', '..', 'packages', 'bullmq', 'bench', 'run.mjs');
  try {
    const out = execFileSync(process.execPath, [script, process.env.BENCH_BULLMQ_EVENTS ?? '20000'], {
      encoding: 'utf8',
      cwd: join(here, '..', '..', 'packages', 'bullmq'),
    });
    return out.trim();
  } catch (error) {
    return `Not measured: ${String(error.message).split('\n')[0]}`;
  }
}
const bullmq = process.env.BENCH_SKIP_BULLMQ ? 'Skipped (BENCH_SKIP_BULLMQ).' : bullmqSection();

// The client's own CPU per bulk item without a network (tooling/bench/bulk-micro.mjs): steadier than CPU
// per event end to end, which a loaded machine inflates for every client alike.
function bulkMicro() {
  try {
    const out = execFileSync(process.execPath, [join(here, 'bulk-micro.mjs')], { encoding: 'utf8', cwd: here });
    return out.slice(out.indexOf('\n\n') + 2).trim();
  } catch (error) {
    return `Not measured: ${String(error.message).split('\n')[0]}`;
  }
}
const micro = bulkMicro();

const loadEnd = loadAt();
// Paired: the median over rounds of a/b measured in the same round.
const ratio = (a, b, f) => median(results[a].map((x, i) => x[f] / results[b][i][f]));
// fire() c=64 against raw undici before logging and tracing existed (RESULTS.md of 2026-11-27).
const FIRE_RATIO_BEFORE = 0.95;
const targets = [
  ['fire() c=64 events/s ≥ 0.9× raw undici c=64', ratio('fire@64', 'undici@64', 'eventsPerSec'), (x) => x >= 0.9],
  [
    `fire() c=64, no logger, no tracer: ratio within 2% of ${FIRE_RATIO_BEFORE}× (≥ ${(FIRE_RATIO_BEFORE * 0.98).toFixed(3)}×)`,
    ratio('fire@64', 'undici@64', 'eventsPerSec'),
    (x) => x >= FIRE_RATIO_BEFORE * 0.98,
  ],
  [
    `fire() c=64, no-op OTel tracer: ratio within 5% of ${FIRE_RATIO_BEFORE}× (≥ ${(FIRE_RATIO_BEFORE * 0.95).toFixed(4)}×)`,
    ratio('fire-otel@64', 'undici@64', 'eventsPerSec'),
    (x) => x >= FIRE_RATIO_BEFORE * 0.95,
  ],
  ['fire() c=64 CPU/event, no-op OTel tracer ≤ 1.05× without', ratio('fire-otel@64', 'fire@64', 'cpuUsPerEvent'), (x) => x <= 1.05],
  ['fire() c=64 CPU/event ≤ 1.2× raw undici c=64', ratio('fire@64', 'undici@64', 'cpuUsPerEvent'), (x) => x <= 1.2],
  ['fireBulk (100/batch) events/s ≥ 1.0× raw undici bulk', ratio('fireBulk@4', 'undici-bulk@4', 'eventsPerSec'), (x) => x >= 1.0],
  ['fireBulk (100/batch) CPU/event ≤ 1.0× raw undici bulk', ratio('fireBulk@4', 'undici-bulk@4', 'cpuUsPerEvent'), (x) => x <= 1.0],
  ['queue events/s ≥ 0.8× raw undici bulk (100/batch)', ratio('queue@4', 'undici-bulk@4', 'eventsPerSec'), (x) => x >= 0.8],
  ['queue events/s ≥ 5× fire() c=64', ratio('queue@4', 'fire@64', 'eventsPerSec'), (x) => x >= 5],
  ['import time of @fyno-kit/core < 30 ms', importMs, (x) => x < 30],
];

const rows = Object.entries(med).map(([key, m]) => {
  const base = key.includes('bulk') || key.startsWith('queue') || key.startsWith('fireBulk') ? 'undici-bulk@4' : key.endsWith('@1') ? 'undici@1' : 'undici@64';
  return `| ${key.replace('@', ' c=')} | ${Math.round(m.eventsPerSec).toLocaleString('en-US')} | ${ratio(key, base, 'eventsPerSec').toFixed(2)}× | ${m.p50Ms.toFixed(2)} | ${m.p99Ms.toFixed(2)} | ${m.cpuUsPerEvent.toFixed(1)} | ${ratio(key, base, 'cpuUsPerEvent').toFixed(2)}× | ${m.peakRssMb.toFixed(0)} |`;
});
const ceiling = ratio('undici-bulk@4', 'undici@64', 'eventsPerSec');
const targetRows = targets.map(
  ([label, value, ok]) => `| ${label} | ${label.startsWith('import') ? `${value.toFixed(1)} ms` : `${value.toFixed(2)}×`} | ${ok(value) ? 'met' : 'MISSED'} |`,
);

const START = '<!-- client-bench:start -->';
const END = '<!-- client-bench:end -->';
const section = `${START}
Generated by \`pnpm bench\` (\`tooling/bench/run.mjs\`) on ${new Date().toISOString().slice(0, 10)} — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}.
**Load average (1 / 5 / 15 min) at the start: ${loadStart}; at the end: ${loadEnd}** (a shared machine: other work ran meanwhile,
so read the ratios, not the events/s).
The emulator runs in its own process; each scenario runs in a fresh client process (0.5 s warm-up,
3 s measured), all scenarios in turn in each of ${REPEATS} rounds. Figures are medians of the rounds; **ratios are the
median of the per-round ratios** against raw \`undici.request\` on a keep-alive pool measured in the same round (single
events at the same concurrency; bulk, fireBulk and the queue against raw undici bulk with the same 100-item batches and
4 requests in flight).

\`fire\` runs with no logger and no tracer (as without \`@opentelemetry/api\`); \`fire-otel\` passes the API
with no SDK registered, so each call makes a span through the API's no-op tracer. \`NODE_ENV\` is unset, so
\`fireBulk\` and the queue run with the default (development) logger and its no-channel check, and no tracer.
The queue has no per-call latency: after a warm-up as long as the others' (0.5 s of lots of 2 000 enqueues,
each flushed), it times 100 000 \`enqueue\` calls (yielding to the event loop every 500) until Fyno accepted
the last batch. (Until 2026-12-05 its warm-up was a single lot of 2 000, and its window paid for JIT work the
other scenarios had done in their warm-up.)

| scenario | events/s | ratio | p50 ms | p99 ms | CPU µs/event | CPU ratio | peak RSS MB |
|---|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

Import time of \`@fyno-kit/core\` (median of 7 fresh processes): ${importMs.toFixed(1)} ms.

### The client's own CPU per bulk item, without a network (\`node tooling/bench/bulk-micro.mjs\`)

A stub \`fetch\` answers a 100-item bulk response at once; variants alternate in slices in one process.
The stub goes through the fetch transport, whose per-request timer the Node (undici) transport does not
have, so the client's figures here are a little above what it costs on Node.

${micro}

## Targets

| target | measured | |
|---|---:|---|
${targetRows.join('\n')}

For scale: in this run raw undici itself sends ${ceiling.toFixed(2)}× more events/s through bulk (100/batch)
than one event per request at concurrency 64 — the most any queue can gain over \`fire()\` here, since
both are bounded by the emulator sharing these two cores.

## Durable sending: @fyno-kit/bullmq

\`node packages/bullmq/bench/run.mjs\` (run by \`pnpm bench\`; \`BENCH_BULLMQ_EVENTS\`, default 20000):

${bullmq}

On two cores the emulator and the client share the machine, so single-event throughput is bounded by
the emulator's core for every client alike: the events/s ratios show the client is not the limit,
and CPU µs/event shows what each client costs.
${END}`;

// Only this script's section is replaced: the route, inbox and A/B sections of other scripts stay.
// A file from before the markers: its head (up to the first other section) was this section.
const resultsPath = process.env.BENCH_RESULTS ?? join(here, 'RESULTS.md');
let current = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : '';
if (!current.includes(START)) {
  const others = ['\n## Overhead of logging', '\n<!-- notify-route', '\n<!-- inbox-bench'].map((h) => current.indexOf(h)).filter((x) => x >= 0);
  current = `# Benchmark results\n\n${START}\n${END}\n${others.length ? current.slice(Math.min(...others)) : ''}`;
}
const at = current.indexOf(START);
const md = current.slice(0, at) + section + current.slice(current.indexOf(END) + END.length);
writeFileSync(resultsPath, md);
console.log(`\n${section}`);
