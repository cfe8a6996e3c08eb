// One benchmark scenario in a fresh process: warm up, measure for a fixed time, print JSON.
// Usage: node client.mjs <scenario> <concurrency> <emulator json>
import { Pool } from 'undici';

const [scenario, concurrencyArg, emuJson] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const emu = JSON.parse(emuJson);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 500);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 3_000);
const BATCH = 100;
const origin = new URL(emu.baseUrl).origin;
const prefix = `${new URL(emu.baseUrl).pathname}/${emu.workspaceId}/live`;
const headers = { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json', accept: 'application/json' };

let seq = 0;
const payload = () => {
  const n = seq++;
  return { distinct_id: `u${n % 1000}`, to: { email: `u${n % 1000}@example.com` }, data: { order: `A-${n}` } };
};
const batch = () => Array.from({ length: BATCH }, payload);

async function makeOp() {
  switch (scenario) {
    case 'undici':
    case 'undici-bulk': {
      const pool = new Pool(origin, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
      const bulk = scenario === 'undici-bulk';
      const path = prefix + (bulk ? '/event/bulk' : '/event');
      let n = 0;
      return {
        events: bulk ? BATCH : 1,
        op: async () => {
          const body = JSON.stringify(bulk ? { event: 'bench', batch: batch() } : { event: 'bench', ...payload() });
          const res = await pool.request({ method: 'POST', path, headers: { ...headers, 'idempotency-key': `k${process.pid}-${n++}` }, body });
          const text = await res.body.text();
          if (res.statusCode !== 202) throw new Error(`status ${res.statusCode}: ${text}`);
        },
        close: () => pool.close(),
      };
    }
    case 'fetch': {
      const url = origin + prefix + '/event';
      let n = 0;
      return {
        events: 1,
        op: async () => {
          const res = await fetch(url, {
            method: 'POST',
            headers: { ...headers, 'idempotency-key': `f${process.pid}-${n++}` },
            body: JSON.stringify({ event: 'bench', ...payload() }),
          });
          await res.text();
          if (res.status !== 202) throw new Error(`status ${res.status}`);
        },
        close: async () => {},
      };
    }
    case 'fire':
    case 'fire-otel':
    case 'fireBulk': {
      // BENCH_CORE: another build of core (overhead.mjs compares the one before logging and tracing).
      const { Fyno } = await import(process.env.BENCH_CORE ?? '@fyno-kit/core');
      // `fire`: no logger, no tracer (as when @opentelemetry/api is not installed). `fire-otel`: the
      // API with no SDK registered, i.e. its no-op tracer: a span per call that records nothing.
      const openTelemetry = scenario === 'fire-otel' ? await import('@opentelemetry/api') : false;
      const fyno = new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, connections: 64, openTelemetry });
      const bulk = scenario === 'fireBulk';
      return {
        events: bulk ? BATCH : 1,
        op: () => (bulk ? fyno.fireBulk('bench', batch()) : fyno.fire('bench', payload())),
        close: () => fyno.close(),
      };
    }
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

async function runTimed() {
  const { op, events, close } = await makeOp();
  const latencies = [];
  let measuring = false;
  let stop = false;
  let count = 0;
  const worker = async () => {
    while (!stop) {
      const t = performance.now();
      await op();
      if (measuring) {
        latencies.push(performance.now() - t);
        count += events;
      }
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  measuring = true;
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  // On a loaded machine a short window can close before the first call returns: measure on until one has.
  for (let waitedMs = 0; count === 0 && waitedMs < 60_000; waitedMs += 50) await new Promise((r) => setTimeout(r, 50));
  measuring = false;
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  stop = true;
  await Promise.all(workers);
  await close();
  latencies.sort((a, b) => a - b);
  return { events: count, elapsedMs: elapsed, cpuUs: cpu.user + cpu.system, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

// The queue has no per-call latency: time N enqueues until all are accepted by the emulator.
async function runQueue() {
  const { Fyno } = await import(process.env.BENCH_CORE ?? '@fyno-kit/core');
  // As `fireBulk` runs: the default logger, no tracer (without this, the @opentelemetry/api installed
  // here gave the queue alone a no-op span per batch).
  const fyno = new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, connections: 64, openTelemetry: false });
  const N = Number(process.env.BENCH_QUEUE_EVENTS ?? 100_000);
  const queue = fyno.queue({ flushAt: BATCH, flushIntervalMs: 50, maxQueueSize: N + 1, concurrency });
  // Warm up for as long as the timed scenarios do (WARMUP_MS of the same work): 2 000 payloads at a
  // time, each lot flushed. (A single lot of 2 000 left the send path mostly unoptimized, and the
  // measured window paid for the JIT that raw undici had done in its warm-up: ~2× the CPU per event.)
  for (const warmUntil = performance.now() + WARMUP_MS; performance.now() < warmUntil; ) {
    for (let i = 0; i < 2_000; i++) {
      queue.enqueue('bench', payload());
      if (i % 500 === 499) await new Promise((r) => setImmediate(r));
    }
    await queue.flush();
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // Enqueue the way a server does, between other work: yield to the event loop every 500 calls.
  for (let i = 0; i < N; i++) {
    queue.enqueue('bench', payload());
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  await queue.flush();
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await fyno.close();
  return { events: N, elapsedMs: elapsed, cpuUs: cpu.user + cpu.system, p50: 0, p99: 0 };
}

const r = scenario === 'queue' ? await runQueue() : await runTimed();
const out = {
  scenario,
  concurrency,
  eventsPerSec: (r.events / r.elapsedMs) * 1000,
  p50Ms: r.p50,
  p99Ms: r.p99,
  cpuUsPerEvent: r.cpuUs / r.events,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(JSON.stringify(out) + '\n');
