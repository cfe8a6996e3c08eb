// Events/s through @fyno-kit/bullmq (queue + 1 worker process, + 2 worker processes) against direct
// fireBulk on the same machine, all into an in-process emulator, on a private redis-server (appendonly).
// Run after a build: `node bench/run.mjs [events=20000]`. Prints a markdown table.
import { fork, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fyno } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import { Redis } from 'ioredis';
import { createFynoQueue } from '../dist/index.js';

const EVENTS = Number(process.argv[2] ?? 20_000);
const BATCH = 50;
const WORKER = { concurrency: 100, batch: { size: BATCH, maxWaitMs: 20 } };
const WORKER_SCRIPT = fileURLToPath(new URL('./worker.mjs', import.meta.url));

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
    flush: () => probe.flushall(),
    async stop() {
      probe.disconnect();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startWorker(redisUrl, emulator, queueName) {
  const child = fork(WORKER_SCRIPT, [JSON.stringify({ redisUrl, baseUrl: emulator.baseUrl, workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, worker: { ...WORKER, queueName } })]);
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    child.on('message', (m) => m?.type === 'ready' && resolve());
  });
  child.removeAllListeners('exit');
  return { close: () => new Promise((r) => { child.once('exit', r); child.send('close'); }) };
}

async function waitForMessages(emulator, count) {
  while (emulator.messages().length < count) await new Promise((r) => setTimeout(r, 5));
}

const payloads = (tag) => Array.from({ length: EVENTS }, (_, i) => ({ distinct_id: `${tag}_${i}`, data: { n: i } }));

async function direct(emulator) {
  const fyno = new Fyno({ workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, maxRetries: 0 });
  const all = payloads('direct');
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < all.length) {
      const start = next;
      next += BATCH;
      await fyno.fireBulk('bench', all.slice(start, start + BATCH));
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  const seconds = (performance.now() - t0) / 1000;
  await fyno.close();
  return EVENTS / seconds;
}

async function throughQueue(emulator, redis, workers) {
  const queueName = `bench${workers}`;
  const queue = createFynoQueue({ connection: redis.url, queueName, removeOnComplete: true });
  const t0 = performance.now();
  await queue.enqueueBulk('bench', payloads(`q${workers}`));
  const enqueuePerS = EVENTS / ((performance.now() - t0) / 1000);
  const base = emulator.messages().length;
  const started = [];
  for (let i = 0; i < workers; i++) started.push(await startWorker(redis.url, emulator, queueName));
  const t1 = performance.now();
  await waitForMessages(emulator, base + EVENTS);
  const sendPerS = EVENTS / ((performance.now() - t1) / 1000);
  await Promise.all(started.map((w) => w.close()));
  await queue.close();
  return { enqueuePerS, sendPerS };
}

const emulator = await startEmulator({ maxRequestLog: 10 });
const redis = await startRedis();
try {
  await direct(emulator); // warm-up
  emulator.clear();
  const directPerS = await direct(emulator);
  emulator.clear();
  const one = await throughQueue(emulator, redis, 1);
  emulator.clear();
  await redis.flush();
  const two = await throughQueue(emulator, redis, 2);
  const f = (x) => Math.round(x).toLocaleString('en-US');
  console.log(`\n${EVENTS.toLocaleString('en-US')} events, ${cpus().length} cores, Node ${process.version}; workers: concurrency ${WORKER.concurrency}, batch ${BATCH}; emulator in the bench process\n`);
  console.log('| path | events/s | ratio to direct fireBulk |');
  console.log('|---|---:|---:|');
  console.log(`| direct \`fireBulk\` (${BATCH} per request, 8 in flight) | ${f(directPerS)} | 1.00 |`);
  console.log(`| enqueue (\`enqueueBulk\`, into Redis) | ${f(one.enqueuePerS)} | ${(one.enqueuePerS / directPerS).toFixed(2)} |`);
  console.log(`| queue → 1 worker process | ${f(one.sendPerS)} | ${(one.sendPerS / directPerS).toFixed(2)} |`);
  console.log(`| queue → 2 worker processes | ${f(two.sendPerS)} | ${(two.sendPerS / directPerS).toFixed(2)} |`);
} finally {
  await redis.stop();
  await emulator.stop();
}
