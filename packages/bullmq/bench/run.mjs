// Events/s through @fyno-kit/bullmq, end to end (from the first enqueue to the emulator holding every
// message), against direct fireBulk on the same machine: one job per notification (enqueueBulk) and
// batch jobs of 100 (enqueueBatch) with 1, 2 and 4 worker processes, each process's CPU per
// notification (producer, each worker, the emulator, Redis) read from /proc, and Redis's own count of
// the commands it ran. The emulator and Redis run in their own processes; workers run as deployed
// (NODE_ENV=production) and are warmed up before they are measured. From those costs it prints the
// scale-out model. Run after a build: `node bench/run.mjs [events=20000]`. Prints markdown.
import { cpus, loadavg } from 'node:os';
import { Fyno } from '@fyno-kit/core';
import { createFynoQueue } from '../dist/index.js';
import { cpuUs, loadNow, payloads, selfCpuUs, startEmulator, startRedis, startWorker, waitForMessages, waitForSettled } from './harness.mjs';

const EVENTS = Number(process.argv[2] ?? 20_000);
// Batch jobs are fast enough that a run of EVENTS would be over before it could be timed well.
const BATCH_EVENTS = EVENTS * 5;
const PER_REQUEST = 100;
const WORKER = { concurrency: 100, batch: { size: 50, maxWaitMs: 20 } };
// Each worker process first sends this share of a run's notifications unmeasured: a fresh process
// spends about half a second of CPU compiling its hot paths (bench/scale.mjs measures it), which a
// long-lived worker pays once, and which would otherwise weigh more the more workers share a run.
const WARM_SHARE = 0.25;

async function direct(emulator, count) {
  // No logger, as the workers (NODE_ENV=production) have none.
  const fyno = new Fyno({ workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, maxRetries: 0, logger: false });
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

/** One end-to-end run: workers started and warmed up, then the producer enqueues, until the emulator holds all. */
async function throughQueue(emulator, redis, { kind, workers, count }) {
  await emulator.clear();
  await redis.flush();
  const queueName = `bench-${kind}-${workers}`;
  const queue = createFynoQueue({ connection: redis.url, queueName, removeOnComplete: true });
  const enqueue = (all) => (kind === 'batch' ? queue.enqueueBatch('bench', all, { maxPerJob: PER_REQUEST }) : queue.enqueueBulk('bench', all));
  const started = [];
  for (let i = 0; i < workers; i++) started.push(await startWorker(redis.url, emulator, { ...WORKER, queueName }));
  const warm = Math.ceil(count * WARM_SHARE) * workers;
  await enqueue(payloads(`warm${kind}${workers}`, warm));
  await waitForMessages(emulator, warm);
  await waitForSettled(queue.queue);
  await emulator.clear();
  await redis.resetStats();
  const load1 = loadavg()[0];
  const before = { self: selfCpuUs(), emulator: cpuUs(emulator.pid), redis: cpuUs(redis.pid), workers: started.map((w) => cpuUs(w.pid)) };
  const all = payloads(`${kind}${workers}`, count);
  const t0 = performance.now();
  await enqueue(all);
  const enqueueS = (performance.now() - t0) / 1000;
  await waitForMessages(emulator, count);
  const seconds = (performance.now() - t0) / 1000;
  // The costs include the last completions, written after the emulator has every message.
  await waitForSettled(queue.queue);
  const per = (now, then) => (now - then) / count;
  const cpu = {
    producer: per(selfCpuUs(), before.self),
    workers: started.map((w, i) => per(cpuUs(w.pid), before.workers[i])),
    emulator: per(cpuUs(emulator.pid), before.emulator),
    redis: per(cpuUs(redis.pid), before.redis),
  };
  const commands = Object.values(await redis.commandCounts()).reduce((a, b) => a + b, 0);
  await Promise.all(started.map((w) => w.close()));
  await queue.close();
  return { kind, workers, count, load1, perS: count / seconds, enqueuePerS: count / enqueueS, cpu, redisCallsPerNotification: commands / count };
}

const loadStart = loadNow();
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
  `${f(EVENTS)} notifications one job each, ${f(BATCH_EVENTS)} in batch jobs of ${PER_REQUEST}; ${cpus().length} cores, Node ${process.version}; workers: concurrency ${WORKER.concurrency}; the emulator and Redis (appendonly) in their own processes; load average at the start ${loadStart}. End to end: from the first enqueue until the emulator holds every message, workers already running, warmed up (each first sends ${WARM_SHARE * 100} % of a run's notifications, unmeasured) and run as deployed (\`NODE_ENV=production\`); CPU and Redis commands are counted until Redis holds every completion.`,
);
lines.push('');
lines.push(
  '| path | workers | events/s | vs direct fireBulk | vs one job each (1 worker) | enqueue events/s | CPU µs/notification: producer | each worker | emulator | Redis | Redis calls/notification |',
);
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
lines.push(`| direct \`fireBulk\` (${PER_REQUEST} per request, 8 in flight) | – | ${f(directPerS)} | 1.00× | – | – | – | – | – | – | – |`);
for (const r of rows) {
  const label = r.kind === 'batch' ? `batch jobs (\`enqueueBatch\`, ${PER_REQUEST} per job)` : 'one job per notification (`enqueueBulk`)';
  lines.push(
    `| ${label} | ${r.workers} | ${f(r.perS)} | ${(r.perS / directPerS).toFixed(2)}× | ${(r.perS / single1.perS).toFixed(2)}× | ${f(r.enqueuePerS)} | ${us(r.cpu.producer)} | ${r.cpu.workers.map(us).join(' / ')} | ${us(r.cpu.emulator)} | ${us(r.cpu.redis)} | ${r.redisCallsPerNotification.toFixed(2)} |`,
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
lines.push(...scaleOutModel());
console.log(`\n${lines.join('\n')}`);

/**
 * The scale-out model from this run's costs: what a worker core and one Redis each sustain, how
 * throughput grows with worker cores on machines of their own, and what stopped a second worker here.
 */
function scaleOutModel() {
  const cores = cpus().length;
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const workerUs = batch1.cpu.workers[0];
  const redisUs = batch1.cpu.redis;
  const perWorkerCore = 1e6 / workerUs;
  const perRedis = 1e6 / redisUs;
  // Cores busy during a run: every process's CPU per notification times notifications per second.
  const busy = (r) => ((sum(r.cpu.workers) + r.cpu.redis + r.cpu.emulator + r.cpu.producer) * r.perS) / 1e6;
  const last = batches[batches.length - 1];
  const out = ['### Scale-out model (batch jobs of 100)', ''];
  out.push(
    `Per notification, one worker: the worker ${us(workerUs)} µs of CPU, Redis ${us(redisUs)} µs (${batch1.redisCallsPerNotification.toFixed(2)} Redis commands per notification, Lua scripts' own included), the emulator (standing in for Fyno) ${us(batch1.cpu.emulator)} µs, the producer ${us(batch1.cpu.producer)} µs. ` +
      `A worker process is one event loop: about ${f(perWorkerCore)} notifications/s per core it has. One Redis is one core: about ${f(perRedis)}/s. ` +
      `So N worker cores (one process each, on machines of their own, against one Redis) send about min(N × ${f(perWorkerCore)}, ${f(perRedis)}) a second, until Fyno's rate limit or the producer is the bound first: ` +
      `one Redis feeds about ${(perRedis / perWorkerCore).toFixed(1)} worker cores. One job per notification costs Redis ${us(single1.cpu.redis)} µs (${single1.redisCallsPerNotification.toFixed(1)} commands): a ceiling near ${f(1e6 / single1.cpu.redis)}/s, whatever the workers.`,
  );
  out.push('');
  out.push('| worker cores | notifications/s (model) | bound |');
  out.push('|---:|---:|---|');
  for (const n of [1, 2, 4, 8, 16]) {
    const rate = Math.min(n * perWorkerCore, perRedis);
    out.push(`| ${n} | ${f(rate)} | ${n * perWorkerCore < perRedis ? 'the workers' : 'one Redis'} |`);
  }
  out.push('');
  out.push('| workers here | total worker CPU µs/notification | Redis calls/notification | cores busy (of ' + cores + ') |');
  out.push('|---:|---:|---:|---:|');
  for (const r of batches) out.push(`| ${r.workers} | ${us(sum(r.cpu.workers))} | ${r.redisCallsPerNotification.toFixed(2)} | ${busy(r).toFixed(2)} |`);
  out.push('');
  const callsGrowth = last.redisCallsPerNotification / batch1.redisCallsPerNotification - 1;
  // The machine is full when our processes, or they and the other work on it, use every core.
  const full = busy(batch1) >= 0.85 * cores || batch1.load1 >= cores;
  const byDesign = callsGrowth > 0.1;
  out.push(
    `What stopped a second worker here: ${full ? 'the machine' : 'not the machine'}${byDesign ? ', and the design' : ', not the design'}. ` +
      `With one worker our processes kept ${busy(batch1).toFixed(2)} of the ${cores} cores busy (worker, emulator, Redis and producer together; load average ${batch1.load1.toFixed(2)} as it started), ${full ? 'so a second worker had no core of its own to run on' : 'so the cores had room for a second worker'}. ` +
      `The design's own cost of more workers is what Redis does per notification: ${batch1.redisCallsPerNotification.toFixed(2)} commands with 1 worker, ${last.redisCallsPerNotification.toFixed(2)} with ${last.workers} (${callsGrowth >= 0 ? '+' : ''}${(callsGrowth * 100).toFixed(0)} %; each worker fetches the first \`concurrency\` jobs of a burst one by one, where a busy worker gets its next job with the previous one's completion). ` +
      `The workers' total CPU per notification rises with their number on ${cores} shared cores: each process gets a smaller share, so it handles fewer jobs per wake-up and pays more per job in waking, scheduling and cold caches. Fed alike, workers cost alike whatever their number (\`node bench/scale.mjs scale=1 rate=1000 jobs=100 warm=300\`), so on machines of their own each worker runs like the one above.`,
  );
  return out;
}
