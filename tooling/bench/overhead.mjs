// What logging and tracing cost `fire()` when they are off, measured A/B in one run so the shared
// machine's load hits every variant alike: rounds of raw undici, fire() on core as it was before
// (BENCH_CORE_BEFORE: a build of the commit before), fire() now with no tracer, and fire() now with
// the no-op OpenTelemetry tracer, interleaved; medians of the rounds. Appends its table to RESULTS.md.
//
//   BENCH_CORE_BEFORE=/path/to/old/core/dist/index.js node overhead.mjs
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const before = process.env.BENCH_CORE_BEFORE;
if (!before) throw new Error('set BENCH_CORE_BEFORE to the dist/index.js of core before the change');

const VARIANTS = [
  ['undici', 'undici', {}],
  ['fire, before', 'fire', { BENCH_CORE: pathToFileURL(before).href }],
  ['fire, no logger/tracer', 'fire', {}],
  ['fire, no-op OTel tracer', 'fire-otel', {}],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
const loadStart = load();
const child = spawn(process.execPath, [join(here, 'emulator.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
const info = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(JSON.parse(d.toString().split('\n')[0]))));
const results = Object.fromEntries(VARIANTS.map(([label]) => [label, []]));
try {
  for (let r = 0; r < ROUNDS; r++) {
    for (const [label, scenario, env] of VARIANTS) {
      await fetch(`${info.url}/_emulator/messages`, { method: 'DELETE' });
      const out = execFileSync(process.execPath, [join(here, 'client.mjs'), scenario, '64', JSON.stringify(info)], {
        encoding: 'utf8',
        env: { ...process.env, BENCH_MEASURE_MS: process.env.BENCH_MEASURE_MS ?? '2000', ...env },
      });
      const res = JSON.parse(out.trim().split('\n').pop());
      results[label].push(res);
      console.log(`round ${r + 1}/${ROUNDS} ${label}: ${Math.round(res.eventsPerSec)} ev/s, ${res.cpuUsPerEvent.toFixed(1)} µs CPU/ev`);
    }
  }
} finally {
  child.kill('SIGTERM');
}
const loadEnd = load();

// Per round, each variant's events/s relative to undici in that round; then the median of those.
const perRound = (label, field) => results[label].map((x, i) => x[field] / results.undici[i][field]);
const rows = VARIANTS.slice(1).map(([label]) => {
  const ratio = median(perRound(label, 'eventsPerSec'));
  const cpu = median(perRound(label, 'cpuUsPerEvent'));
  return { label, ratio, cpu, evs: median(results[label].map((x) => x.eventsPerSec)), us: median(results[label].map((x) => x.cpuUsPerEvent)) };
});
const base = rows[0];
const md = `## Overhead of logging and tracing when off (interleaved A/B)

\`node tooling/bench/overhead.mjs\`, ${ROUNDS} rounds of 2 s per variant at concurrency 64, variants interleaved
so the shared machine's load falls on all alike; medians of per-round ratios to raw undici in the same
round. "before" is core built from the commit before logging and tracing. Load average (1 / 5 / 15
min) at the start: ${loadStart}; at the end: ${loadEnd}.

| variant | events/s | ratio to undici | vs before | CPU µs/event | CPU ratio to undici | vs before |
|---|---:|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r.label} | ${Math.round(r.evs).toLocaleString('en-US')} | ${r.ratio.toFixed(3)}× | ${(r.ratio / base.ratio).toFixed(3)} | ${r.us.toFixed(1)} | ${r.cpu.toFixed(3)}× | ${(r.cpu / base.cpu).toFixed(3)} |`).join('\n')}
`;
console.log('\n' + md);
const file = process.env.BENCH_RESULTS ?? join(here, 'RESULTS.md');
const current = readFileSync(file, 'utf8').replace(/\n## Overhead of logging and tracing[\s\S]*?(?=\n## |$)/, '');
writeFileSync(file, `${current.trimEnd()}\n\n${md}`);
