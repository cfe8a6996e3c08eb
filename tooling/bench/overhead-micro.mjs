// The client's own cost per fire() with logging and tracing off or on, without a network: a stub
// `fetch` answers at once, so what is timed is the client (validation, JSON, the call tracker, the
// span). Variants alternate in short slices in one process, so a busy machine slows all alike.
//   BENCH_CORE_BEFORE=/path/to/old/core/dist/index.js node tooling/bench/overhead-micro.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as api from '@opentelemetry/api';

const before = process.env.BENCH_CORE_BEFORE;
const now = await import('@fyno-kit/core');
const old = before ? await import(before) : undefined;
const body = JSON.stringify({ event: 'bench', request_id: 'r', response: {} });
const response = { status: 202, headers: { get: () => null }, text: async () => body };
const fetch = async () => response;
const base = { workspaceId: 'FY1', apiKey: 'k', baseUrl: 'http://127.0.0.1:1/v1', fetch };

// With `fetch` given, the Node `Fyno` still tracks (and traces) every call: only the transport differs.
const variants = [
  ...(old ? [['before', new old.Fyno({ ...base })]] : []),
  ['now, no logger/tracer', new now.Fyno({ ...base, openTelemetry: false })],
  ['now, no-op OTel tracer', new now.Fyno({ ...base, openTelemetry: api })],
];
const payload = { distinct_id: 'u1', to: { email: 'u1@example.com' }, data: { order: 'A-1' } };
const SLICE = 2_000;
const SLICES = Number(process.env.BENCH_SLICES ?? 60);
const times = Object.fromEntries(variants.map(([label]) => [label, []]));

async function slice(fyno) {
  const t = process.cpuUsage();
  const inFlight = [];
  for (let i = 0; i < SLICE; i++) inFlight.push(fyno.fire('bench', payload, { idempotencyKey: 'k' }));
  await Promise.all(inFlight);
  const d = process.cpuUsage(t);
  return (d.user + d.system) / SLICE;
}

for (let s = 0; s < 10; s++) for (const [, fyno] of variants) await slice(fyno); // warm up
// A rotating order, so garbage one variant leaves behind is not always collected in the same one.
for (let s = 0; s < SLICES; s++) {
  for (let v = 0; v < variants.length; v++) {
    const [label, fyno] = variants[(s + v) % variants.length];
    times[label].push(await slice(fyno));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ref = median(times[variants[0][0]]);
const rows = variants.map(([label]) => {
  const m = median(times[label]);
  return `| ${label} | ${m.toFixed(2)} | ${m - ref >= 0 ? '+' : ''}${(m - ref).toFixed(2)} |`;
});
const md = `## The client's own cost per call, without a network

\`node tooling/bench/overhead-micro.mjs\`: CPU µs per \`fire()\` against a stub \`fetch\` that answers at once
(validation, JSON, the call tracker, the span), median of ${SLICES} slices of ${SLICE} calls, variants in a
rotating order in one process. "before" is core built from the commit before logging and tracing.
Load average at the end: ${loadavg()
  .map((x) => x.toFixed(2))
  .join(' / ')}.

| variant | CPU µs per call | vs ${variants[0][0]} |
|---|---:|---:|
${rows.join('\n')}
`;
console.log(md);
if (old) {
  const file = process.env.BENCH_RESULTS ?? new URL('./RESULTS.md', import.meta.url);
  const current = readFileSync(file, 'utf8').replace(/\n## The client's own cost per call[\s\S]*?(?=\n## |$)/, '');
  writeFileSync(file, `${current.trimEnd()}\n\n${md}`);
}
