// What a batch-job notification costs each process, and Redis in commands, as the number of worker
// processes grows: the measurements behind the scale-out model in bench/run.mjs and the README. Runs
// alternate between worker counts (so the shared machine's load falls on all alike); each run starts
// fresh workers, optionally warms them up, then enqueues and waits until the emulator holds every
// message and Redis holds every completion. Prints one JSON line per run, then a markdown summary.
//
//   node bench/scale.mjs [key=value ...]
//     workers=1,2,4      worker processes per run, alternated
//     concurrency=100    each worker's concurrency (or e.g. 100,8 to alternate it too)
//     jobs=1000          batch jobs per run, of per-job=100 notifications each
//     rate=0             notifications/s the producer enqueues at (0: all at once)
//     warm=0             batch jobs per worker sent through before measuring, all at once (JIT and connections warm)
//     rounds=1           times each combination runs
//     pin=               taskset CPU list for the workers (e.g. 1), the rest unpinned
//     prof=              a directory: each worker writes a V8 CPU profile there (--cpu-prof)
//     scale=0            1: jobs and rate are per worker (each worker fed alike, whatever their number)
import { cpus } from 'node:os';
import { createFynoQueue } from '../dist/index.js';
import { cpuUs, loadNow, payloads, selfCpuUs, startEmulator, startRedis, startWorker, waitForMessages, waitForSettled } from './harness.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=')));
const list = (s) => String(s).split(',').map(Number);
const WORKERS = list(args.workers ?? '1,2,4');
const CONCURRENCY = list(args.concurrency ?? '100');
const JOBS = Number(args.jobs ?? 1000);
const PER_JOB = Number(args['per-job'] ?? 100);
const RATE = Number(args.rate ?? 0);
const WARM = Number(args.warm ?? 0);
const ROUNDS = Number(args.rounds ?? 1);
const PIN = args.pin || undefined;
const SCALE = args.scale === '1';
const PROF = args.prof ? ['--cpu-prof', `--cpu-prof-dir=${args.prof}`] : [];

async function enqueue(queue, tag, jobs, rate) {
  const all = payloads(tag, jobs * PER_JOB);
  if (rate <= 0) return queue.enqueueBatch('bench', all, { maxPerJob: PER_JOB });
  // One job at a time, each at its turn: a producer that never outruns the workers.
  const t0 = performance.now();
  const intervalMs = (PER_JOB / rate) * 1000;
  for (let i = 0; i < jobs; i++) {
    const dueMs = t0 + i * intervalMs - performance.now();
    if (dueMs > 0) await new Promise((r) => setTimeout(r, dueMs));
    await queue.enqueueBatch('bench', all.slice(i * PER_JOB, (i + 1) * PER_JOB), { maxPerJob: PER_JOB });
  }
}

async function measure(emulator, redis, workers, concurrency, run) {
  await emulator.clear();
  await redis.flush();
  const queueName = `scale-${run}`;
  const queue = createFynoQueue({ connection: redis.url, queueName, removeOnComplete: true });
  const started = [];
  for (let i = 0; i < workers; i++) started.push(await startWorker(redis.url, emulator, { concurrency, queueName }, { cpuList: PIN, execArgv: PROF }));
  if (WARM > 0) {
    await enqueue(queue, `warm${run}`, WARM * workers, 0);
    await waitForMessages(emulator, WARM * workers * PER_JOB);
    await waitForSettled(queue.queue);
    await emulator.clear();
  }
  const jobs = SCALE ? JOBS * workers : JOBS;
  const rate = SCALE ? RATE * workers : RATE;
  const count = jobs * PER_JOB;
  await redis.resetStats();
  const loadStart = loadNow();
  const before = { self: selfCpuUs(), emulator: cpuUs(emulator.pid), redis: cpuUs(redis.pid), workers: started.map((w) => cpuUs(w.pid)) };
  const t0 = performance.now();
  await enqueue(queue, `run${run}`, jobs, rate);
  await waitForMessages(emulator, count);
  const seconds = (performance.now() - t0) / 1000;
  await waitForSettled(queue.queue);
  const per = (now, then) => (now - then) / count;
  const workerUs = started.map((w, i) => per(cpuUs(w.pid), before.workers[i]));
  const commands = await redis.commandCounts();
  const result = {
    workers,
    concurrency,
    jobs,
    perJob: PER_JOB,
    rate,
    warm: WARM,
    pin: PIN ?? null,
    eventsPerS: Math.round(count / seconds),
    cpuUsPerNotification: {
      producer: per(selfCpuUs(), before.self),
      workers: workerUs,
      workersTotal: workerUs.reduce((a, b) => a + b, 0),
      emulator: per(cpuUs(emulator.pid), before.emulator),
      redis: per(cpuUs(redis.pid), before.redis),
    },
    // Redis calls per batch job, by command (commands run inside Lua scripts count too).
    commandsPerJob: Object.fromEntries(Object.entries(commands).map(([name, calls]) => [name, calls / jobs])),
    load: `${loadStart} → ${loadNow()}`,
  };
  await Promise.all(started.map((w) => w.close()));
  await queue.close();
  return result;
}

const emulator = await startEmulator();
const redis = await startRedis();
const results = [];
try {
  let run = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const concurrency of CONCURRENCY) {
      // Alternate the order each round, so no worker count always runs first.
      const order = round % 2 === 0 ? WORKERS : [...WORKERS].reverse();
      for (const workers of order) {
        const r = await measure(emulator, redis, workers, concurrency, run++);
        results.push(r);
        console.log(JSON.stringify(r));
      }
    }
  }
} finally {
  await redis.stop();
  await emulator.stop();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
console.log(
  `\n${JOBS} batch jobs of ${PER_JOB} per run${SCALE ? ' per worker' : ''}, ${RATE > 0 ? `enqueued at ${RATE}/s${SCALE ? ' per worker' : ''}` : 'enqueued at once'}, warm-up ${WARM} jobs per worker, ${cpus().length} cores${PIN ? `, workers pinned to CPU ${PIN}` : ''}; medians of ${ROUNDS} round(s).\n`,
);
console.log(
  '| workers | concurrency | events/s | CPU µs/notification: workers (total) | Redis | emulator | producer | Redis calls/job (evalsha) | load at the start → end |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const concurrency of CONCURRENCY) {
  for (const workers of WORKERS) {
    const rs = results.filter((r) => r.workers === workers && r.concurrency === concurrency);
    const m = (f) => median(rs.map(f));
    console.log(
      `| ${workers} | ${concurrency} | ${Math.round(m((r) => r.eventsPerS)).toLocaleString('en-US')} | ${m((r) => r.cpuUsPerNotification.workersTotal).toFixed(1)} | ${m((r) => r.cpuUsPerNotification.redis).toFixed(1)} | ${m((r) => r.cpuUsPerNotification.emulator).toFixed(1)} | ${m((r) => r.cpuUsPerNotification.producer).toFixed(1)} | ${m((r) => total(r.commandsPerJob)).toFixed(1)} (${m((r) => r.commandsPerJob.evalsha ?? 0).toFixed(2)}) | ${rs.map((r) => r.load).join('; ')} |`,
    );
  }
}
