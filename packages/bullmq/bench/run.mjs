// Events/s through @fyno-kit/bullmq, end to end (from the first enqueue to the emulator holding every
// message), against direct fireBulk on the same machine: one job per notification (enqueueBulk) and
// batch jobs of 100 (enqueueBatch) with 1, 2 and 4 worker processes, each process's CPU per
// notification (producer, each worker, the emulator, Redis) read from /proc. The emulator and Redis
// run in their own processes. Run after a build: `node bench/run.mjs [events=20000]`. Prints markdown.
import { fork, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fyno } from '@fyno-kit/core';
import { Redis } from 'ioredis';
import { createFynoQueue } from '../dist/index.js';

const EVENTS = Number(process.argv[2] ?? 20_000);
// Batch jobs are fast enough that a run of EVENTS would be over before it could be timed well.
const BATCH_EVENTS = EVENTS * 5;
const PER_REQUEST = 100;
const WORKER = { concurrency: 100, batch: { size: 50, maxWaitMs: 20 } };
const WORKER_SCRIPT = fileURLToPath(new URL('./worker.mjs', import.meta.url));
const EMULATOR_SCRIPT = fileURLToPath(new URL('./emulator-process.mjs', import.meta.url));
const CLOCK_TICKS_PER_S = 100;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
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
const selfCpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function startRedis() {
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error('redis-server not found: apt-get install -y redis-server');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'fyno-bullmq-bench-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { retryStrategy: () => 50 });
  probe.on('error', () => {});
  for (let i = 0; probe.status !== 'ready'; i++) {
    if (i > 200) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    pid: child.pid,
    flush: () => probe.flushall(),
    async stop() {
      probe.disconnect();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startEmulator() {
  const child = fork(EMULATOR_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const info = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    child.once('message', resolve);
  });
  child.removeAllListeners('exit');
  const ask = (message) =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send(message);
    });
  return {
    ...info,
    pid: child.pid,
    count: async () => (await ask('count')).count,
    clear: () => ask('clear'),
    stop: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

async function startWorker(redisUrl, emulator, queueName) {
  const child = fork(WORKER_SCRIPT, [
    JSON.stringify({ redisUrl, baseUrl: emulator.baseUrl, workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, worker: { ...WORKER, queueName } }),
  ]);
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    child.on('message', (m) => m?.type === 'ready' && resolve());
  });
  child.removeAllListeners('exit');
  return {
    pid: child.pid,
    close: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.send('close');
      }),
  };
}

async function waitForMessages(emulator, count) {
  while ((await emulator.count()) < count) await new Promise((r) => setTimeout(r, 20));
}

const payloads = (tag, count) => Array.from({ length: count }, (_, i) => ({ distinct_id: `${tag}_${i}`, data: { n: i } }));

async function direct(emulator, count) {
  const fyno = new Fyno({ workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, maxRetries: 0 });
  const all = payloads('direct', count);
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < all.length) {
      const start = next;
      next += PER_REQUEST;
      await fyno.fireBulk('bench', all.slice(start, start + PER_REQUEST));
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  const seconds = (performance.now() - t0) / 1000;
  await fyno.close();
  return count / seconds;
}

/** One end-to-end run: workers started, then the producer enqueues, until the emulator holds all. */
async function throughQueue(emulator, redis, { kind, workers, count }) {
  await emulator.clear();
  await redis.flush();
  const queueName = `bench-${kind}-${workers}`;
  const queue = createFynoQueue({ connection: redis.url, queueName, removeOnComplete: true });
  const started = [];
  for (let i = 0; i < workers; i++) started.push(await startWorker(redis.url, emulator, queueName));
  const before = { self: selfCpuUs(), emulator: cpuUs(emulator.pid), redis: cpuUs(redis.pid), workers: started.map((w) => cpuUs(w.pid)) };
  const all = payloads(`${kind}${workers}`, count);
  const t0 = performance.now();
  if (kind === 'batch') await queue.enqueueBatch('bench', all, { maxPerJob: PER_REQUEST });
  else await queue.enqueueBulk('bench', all);
  const enqueueS = (performance.now() - t0) / 1000;
  await waitForMessages(emulator, count);
  const seconds = (performance.now() - t0) / 1000;
  const per = (now, then) => (now - then) / count;
  const cpu = {
    producer: per(selfCpuUs(), before.self),
    workers: started.map((w, i) => per(cpuUs(w.pid), before.workers[i])),
    emulator: per(cpuUs(emulator.pid), before.emulator),
    redis: per(cpuUs(redis.pid), before.redis),
  };
  await Promise.all(started.map((w) => w.close()));
  await queue.close();
  return { kind, workers, count, perS: count / seconds, enqueuePerS: count / enqueueS, cpu };
}

const loadStart = loadavg()
  .map((x) => x.toFixed(2))
  .join(' / ');
const emulator = await startEmulator();
const redis = await startRedis();
const rows = [];
let directPerS;
try {
  await direct(emulator, Math.min(EVENTS, 10_000)); // warm-up
  await emulator.clear();
  directPerS = await direct(emulator, BATCH_EVENTS);
  rows.push(await throughQueue(emulator, redis, { kind: 'single', workers: 1, count: EVENTS }));
  rows.push(await throughQueue(emulator, redis, { kind: 'single', workers: 2, count: EVENTS }));
  for (const workers of [1, 2, 4]) rows.push(await throughQueue(emulator, redis, { kind: 'batch', workers, count: BATCH_EVENTS }));
} finally {
  await redis.stop();
  await emulator.stop();
}

const f = (x) => Math.round(x).toLocaleString('en-US');
const us = (x) => x.toFixed(1);
const single1 = rows.find((r) => r.kind === 'single' && r.workers === 1);
const batches = rows.filter((r) => r.kind === 'batch');
const bestBatch = batches.reduce((a, b) => (b.perS > a.perS ? b : a));
const batch1 = batches[0];
const lines = [];
lines.push(
  `${f(EVENTS)} notifications one job each, ${f(BATCH_EVENTS)} in batch jobs of ${PER_REQUEST}; ${cpus().length} cores, Node ${process.version}; workers: concurrency ${WORKER.concurrency}; the emulator and Redis (appendonly) in their own processes; load average at the start ${loadStart}. End to end: from the first enqueue until the emulator holds every message, workers already running.`,
);
lines.push('');
lines.push(
  '| path | workers | events/s | vs direct fireBulk | vs one job each (1 worker) | enqueue events/s | CPU µs/notification: producer | each worker | emulator | Redis |',
);
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
lines.push(`| direct \`fireBulk\` (${PER_REQUEST} per request, 8 in flight) | – | ${f(directPerS)} | 1.00× | – | – | – | – | – | – |`);
for (const r of rows) {
  const label = r.kind === 'batch' ? `batch jobs (\`enqueueBatch\`, ${PER_REQUEST} per job)` : 'one job per notification (`enqueueBulk`)';
  lines.push(
    `| ${label} | ${r.workers} | ${f(r.perS)} | ${(r.perS / directPerS).toFixed(2)}× | ${(r.perS / single1.perS).toFixed(2)}× | ${f(r.enqueuePerS)} | ${us(r.cpu.producer)} | ${r.cpu.workers.map(us).join(' / ')} | ${us(r.cpu.emulator)} | ${us(r.cpu.redis)} |`,
  );
}
lines.push('');
const met = (ok) => (ok ? 'met' : '**MISSED**');
lines.push('| target | measured | |');
lines.push('|---|---:|---|');
lines.push(
  `| batch jobs ≥ 5× one job per notification (1 worker each) | ${(batch1.perS / single1.perS).toFixed(2)}× | ${met(batch1.perS >= 5 * single1.perS)} |`,
);
lines.push(
  `| batch jobs ≥ 0.5× direct fireBulk (best of 1/2/4 workers) | ${(bestBatch.perS / directPerS).toFixed(2)}× | ${met(bestBatch.perS >= 0.5 * directPerS)} |`,
);
lines.push('');
// What each notification costs each part, and so where each part tops out on a core of its own.
const workerUs = batch1.cpu.workers[0];
lines.push(
  `Per notification in batch jobs (1 worker): the worker spends ${us(workerUs)} µs, Redis ${us(batch1.cpu.redis)} µs, the emulator ${us(batch1.cpu.emulator)} µs and the producer ${us(batch1.cpu.producer)} µs of CPU. ` +
    `On a core each, one worker process tops out near ${f(1e6 / workerUs)}/s and one Redis (single-threaded) near ${f(1e6 / batch1.cpu.redis)}/s; ` +
    `one job per notification costs Redis ${us(single1.cpu.redis)} µs (a ceiling near ${f(1e6 / single1.cpu.redis)}/s) and the worker ${us(single1.cpu.workers[0])} µs.`,
);
console.log(`\n${lines.join('\n')}`);
