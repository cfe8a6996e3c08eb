// The parts the BullMQ benchmarks share: Redis, the emulator and worker processes of their own, each
// process's CPU from /proc, and Redis's own count of the commands it ran.
import { fork, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

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
export function cpuUs(pid) {
  const path = `/proc/${pid}/stat`;
  if (!existsSync(path)) return Number.NaN;
  const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S) * 1e6;
}

/** This process's CPU time so far, in µs. */
export function selfCpuUs() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** The 1 / 5 / 15 min load average, as printed beside each figure. */
export const loadNow = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

/** Pins a process to the given CPUs (`taskset -c`), when asked and when taskset is installed. */
function pin(pid, cpuList) {
  if (cpuList === undefined) return;
  const result = spawnSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)], { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`taskset -c ${cpuList} failed`);
}

/** A redis-server of its own (appendonly, like a durable deployment), on a free port. */
export async function startRedis({ cpuList } = {}) {
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error('redis-server not found: apt-get install -y redis-server');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'fyno-bullmq-bench-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
  pin(child.pid, cpuList);
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
    /** Zeroes Redis's command counts (`CONFIG RESETSTAT`). */
    resetStats: () => probe.config('RESETSTAT'),
    /** Calls per command since the last reset (`INFO commandstats`), the probe's own INFO aside. */
    async commandCounts() {
      const info = await probe.info('commandstats');
      const counts = {};
      for (const [, name, calls] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) counts[name] = Number(calls);
      if (counts.info) counts.info -= 1;
      return counts;
    },
    async stop() {
      probe.disconnect();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The emulator in a process of its own; `count()` is how many messages it holds. */
export async function startEmulator({ cpuList } = {}) {
  const child = fork(EMULATOR_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  pin(child.pid, cpuList);
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

/** A worker process (`createFynoWorker` with `worker` as its options), ready once connected. */
export async function startWorker(redisUrl, emulator, worker, { cpuList, execArgv = [] } = {}) {
  // NODE_ENV=production, as a deployed worker runs: the core client's development hints (a line on
  // stderr for each bulk request whose users have no channel, as the emulator's users have none) are off.
  // BENCH_WORKER_NODE_ENV=development measures what they cost.
  const child = fork(
    WORKER_SCRIPT,
    [JSON.stringify({ redisUrl, baseUrl: emulator.baseUrl, workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, worker })],
    {
      env: { ...process.env, NODE_ENV: process.env.BENCH_WORKER_NODE_ENV ?? 'production' },
      execArgv,
    },
  );
  pin(child.pid, cpuList);
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

/** Resolves once the emulator holds `count` messages. */
export async function waitForMessages(emulator, count) {
  while ((await emulator.count()) < count) await new Promise((r) => setTimeout(r, 20));
}

/** Resolves once no job of the queue is waiting or active: every completion is in Redis. */
export async function waitForSettled(queue) {
  while ((await queue.getJobCountByTypes('wait', 'active', 'prioritized')) > 0) await new Promise((r) => setTimeout(r, 20));
}

/** `count` distinct notifications of one shape. */
export const payloads = (tag, count) => Array.from({ length: count }, (_, i) => ({ distinct_id: `${tag}_${i}`, data: { n: i } }));
