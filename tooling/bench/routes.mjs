// `pnpm bench` (after run.mjs), or `pnpm --filter @fyno-kit/bench bench:routes` alone: the notify
// route's requests/s per server process on Express, Fastify and Nest, each against its floor (a
// minimal handler on the same framework that parses the same JSON and posts it to the emulator with
// raw undici). The emulator, each server and the load (autocannon) run in separate processes on
// loopback; every run is bounded in time, and a framework's route and floor servers run side by side
// with their measured runs alternating, so that a change in the machine's load hits both. Figures are
// medians of ROUTE_BENCH_REPEATS runs (default 5); the ratios, medians of the paired runs' ratios.
// Servers run with NODE_ENV=production. Writes its section of tooling/bench/RESULTS.md (between the
// markers below), leaving the rest of the file as it is.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const REPEATS = Number(process.env.ROUTE_BENCH_REPEATS ?? 5);
const WARMUP_S = Number(process.env.ROUTE_BENCH_WARMUP_S ?? 2);
const MEASURE_S = Number(process.env.ROUTE_BENCH_MEASURE_S ?? 5);
const CONNECTIONS = Number(process.env.ROUTE_BENCH_CONNECTIONS ?? 32);
const FRAMEWORKS = (process.env.ROUTE_BENCH_FRAMEWORKS ?? 'express,fastify,nest').split(',');
const VARIANTS = ['floor', 'route'];
const START = '<!-- notify-route benchmark: written by tooling/bench/routes.mjs -->';
const END = '<!-- end of notify-route benchmark -->';
const CLOCK_TICKS_PER_S = 100;

/** Starts a child that prints one JSON line on stdout, and resolves with that line and the child. */
function startChild(args) {
  // The servers run as in production: the client's default logger (a warning per send that reached
  // no channel, which every bench user's send is) stays quiet there, as it does for a deployed app.
  const env = { ...process.env, NODE_ENV: 'production' };
  const child = spawn(process.execPath, args, { cwd: here, env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before it started`)));
    child.stdout.once('data', (d) => resolve({ child, info: JSON.parse(d.toString().split('\n')[0]) }));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function load(url, seconds) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(here, 'route-load.mjs'), url, String(seconds), String(CONNECTIONS)], { cwd: here }, (error, stdout) => {
      if (error) reject(error);
      else resolve(JSON.parse(stdout.trim().split('\n').pop()));
    });
  });
}

/** CPU time (user + system) a process has used so far, in µs, from /proc (Linux). */
function cpuUs(pid) {
  const path = `/proc/${pid}/stat`;
  if (!existsSync(path)) return Number.NaN;
  const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S) * 1e6;
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const { child: emulator, info: emu } = await startChild([join(here, 'emulator.mjs')]);
const runs = {};
const loadAtStart = loadavg()[0];
try {
  for (const framework of FRAMEWORKS) {
    // The route and its floor run side by side, warmed once; their measured runs then alternate, so
    // each pair of runs is seconds apart and a change in the machine's load hits both.
    const servers = {};
    try {
      for (const variant of VARIANTS) servers[variant] = await startChild([join(here, 'route-server.mjs'), framework, variant, JSON.stringify(emu)]);
      for (const variant of VARIANTS) await load(servers[variant].info.url, WARMUP_S);
      for (let r = 0; r < REPEATS; r++) {
        for (const variant of r % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
          await fetch(`${emu.url}/_emulator/messages`, { method: 'DELETE' });
          const { child: server, info } = servers[variant];
          const cpu0 = cpuUs(server.pid);
          const emuCpu0 = cpuUs(emulator.pid);
          const res = await load(info.url, MEASURE_S);
          const serverCpuUs = cpuUs(server.pid) - cpu0;
          const emulatorCpuUs = cpuUs(emulator.pid) - emuCpu0;
          const requestsPerSec = res.total / res.durationS;
          const run = { ...res, requestsPerSec, cpuUsPerRequest: serverCpuUs / res.total, emulatorCpuUsPerRequest: emulatorCpuUs / res.total };
          (runs[`${framework}/${variant}`] ??= []).push(run);
          const bad = res.non2xx + res.errors + res.timeouts;
          console.log(
            `run ${r + 1}/${REPEATS} ${framework} ${variant}: ${Math.round(requestsPerSec)} req/s, ${run.cpuUsPerRequest.toFixed(0)} µs server CPU/req (emulator ${run.emulatorCpuUsPerRequest.toFixed(0)}), p50 ${res.p50Ms} ms, p99 ${res.p99Ms} ms, load average ${loadavg()[0].toFixed(1)}${bad ? `, ${bad} NOT 2xx` : ''}`,
          );
          if (bad) throw new Error(`${framework} ${variant}: ${res.non2xx} non-2xx answers, ${res.errors} errors, ${res.timeouts} timeouts`);
        }
      }
    } finally {
      for (const { child } of Object.values(servers)) await stop(child);
    }
  }
} finally {
  await stop(emulator);
}

const med = {};
for (const [key, list] of Object.entries(runs)) {
  med[key] = Object.fromEntries(
    ['requestsPerSec', 'cpuUsPerRequest', 'emulatorCpuUsPerRequest', 'p50Ms', 'p99Ms'].map((f) => [f, median(list.map((x) => x[f]))]),
  );
}
// Each repeat runs a framework's route and floor back to back: the median of those paired ratios is
// the figure least moved by the load of the other work on this machine.
const ratio = (framework) => median(runs[`${framework}/route`].map((run, i) => run.requestsPerSec / runs[`${framework}/floor`][i].requestsPerSec));
// Were the server the only bottleneck, req/s would go as 1 / its CPU per request (paired, as above).
const cpuRatio = (framework) => median(runs[`${framework}/route`].map((run, i) => runs[`${framework}/floor`][i].cpuUsPerRequest / run.cpuUsPerRequest));
const ratioOfMedians = (framework) => med[`${framework}/route`].requestsPerSec / med[`${framework}/floor`].requestsPerSec;
const rows = FRAMEWORKS.flatMap((framework) =>
  VARIANTS.map((variant) => {
    const m = med[`${framework}/${variant}`];
    const all = runs[`${framework}/${variant}`].map((x) => Math.round(x.requestsPerSec).toLocaleString('en-US')).join(' / ');
    const vsFloor = variant === 'route' ? `${ratio(framework).toFixed(2)}× (${ratioOfMedians(framework).toFixed(2)}×)` : '1.00×';
    return `| ${framework} | ${variant} | ${Math.round(m.requestsPerSec).toLocaleString('en-US')} | ${all} | ${vsFloor} | ${m.cpuUsPerRequest.toFixed(0)} | ${m.emulatorCpuUsPerRequest.toFixed(0)} | ${m.p50Ms} | ${m.p99Ms} |`;
  }),
);
const targets = FRAMEWORKS.map((framework) => {
  const x = ratio(framework);
  const c = cpuRatio(framework);
  return [
    `| ${framework}: route ≥ 0.9× its floor (req/s, paired runs) | ${x.toFixed(3)}× | ${x >= 0.9 ? 'met' : 'MISSED'} |`,
    `| ${framework}: route ≥ 0.9× its floor (server-bound estimate: floor CPU / route CPU per request, paired runs) | ${c.toFixed(3)}× | ${c >= 0.9 ? 'met' : 'MISSED'} |`,
  ].join('\n');
});
if (FRAMEWORKS.includes('express') && FRAMEWORKS.includes('fastify')) {
  const f = med['fastify/route'].requestsPerSec;
  const e = med['express/route'].requestsPerSec;
  targets.push(
    `| Fastify's route ahead of Express's (req/s) | ${Math.round(f).toLocaleString('en-US')} vs ${Math.round(e).toLocaleString('en-US')} (${(f / e).toFixed(2)}×) | ${f > e ? 'met' : 'MISSED'} |`,
  );
}

const section = `${START}
## The notify route on Express, Fastify and Nest

Generated by \`pnpm bench\` (\`tooling/bench/routes.mjs\`) on ${new Date().toISOString().slice(0, 10)} — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'},
load average ${loadAtStart.toFixed(2)} at the start (the machine is shared with other builds and tests: absolute figures move
with their load, the route/floor ratios much less, since the runs alternate). The emulator, each server and the load
(autocannon, ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${MEASURE_S} s measured) are separate processes on loopback; each
request is a browser's call with its own \`Idempotency-Key\`, one of 50,000 users. **route**: the package's notify route
(identify, the default per-user rate limit, the allow-list, a data check, the namespaced idempotency key, the fire through
the core client). **floor**: a minimal handler on the same framework that parses the same JSON with the framework's parser,
posts it to the emulator with raw undici and answers with the route's headers. Medians of ${REPEATS} runs (every run listed); server CPU is the server process's
user + system time per request.

| framework | handler | req/s | runs | vs floor: paired (of medians) | server CPU µs/req | emulator CPU µs/req | p50 ms | p99 ms |
|---|---|---:|---|---:|---:|---:|---:|---:|
${rows.join('\n')}

| target | measured | |
|---|---|---|
${targets.join('\n')}

The emulator and the load generator share the two cores with the server (and, today, with other
engineers' builds), so they bound every row alike and the servers are rarely CPU-bound: req/s moves
with the machine's load from run to run. The server's CPU per request is the steadier figure of what
the route itself costs over its floor, hence the second row per framework: the ratio req/s would have
if the server process alone were the bottleneck.
${END}`;

const resultsPath = process.env.BENCH_RESULTS ?? join(here, 'RESULTS.md');
const current = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : '# Benchmark results\n';
const at = current.indexOf(START);
const stopAt = current.indexOf(END);
const next = at >= 0 && stopAt > at ? current.slice(0, at) + section + current.slice(stopAt + END.length) : `${current.trimEnd()}\n\n${section}\n`;
writeFileSync(resultsPath, next);
console.log('\n' + section);
