#!/usr/bin/env node
// Measures single-event (E1) throughput of the built emulator: the server runs in this process,
// the load comes from a child process (node:http, keep-alive Agent, 64 sockets) so the two
// share the machine the way a real client and server would. Usage:
//   node scripts/throughput.mjs [durationS=5] [concurrency=64]
// Build first (`pnpm --filter @fyno-kit/emulator build`).
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--client') {
  const [, , , url, key, durationS, concurrency] = process.argv;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const body = JSON.stringify({ event: 'order_shipped', to: { email: 'a@example.com' }, data: { order: 'A1' } });
  const target = new URL(url);
  const options = {
    agent,
    method: 'POST',
    hostname: target.hostname,
    port: target.port,
    path: target.pathname,
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    },
  };
  let done = 0;
  let failed = 0;
  let stopAt = 0;
  const warmupMs = 500;
  const one = () =>
    new Promise((resolve) => {
      const req = http.request(options, (res) => {
        if (res.statusCode !== 202) failed++;
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(body);
    });
  const worker = async (until) => {
    while (Date.now() < until()) {
      await one();
      done++;
    }
  };
  // Warm up (JIT, sockets), then measure.
  const warmEnd = Date.now() + warmupMs;
  await Promise.all(Array.from({ length: Number(concurrency) }, () => worker(() => warmEnd)));
  done = 0;
  failed = 0;
  process.send({ started: true });
  const start = Date.now();
  stopAt = start + Number(durationS) * 1000;
  await Promise.all(Array.from({ length: Number(concurrency) }, () => worker(() => stopAt)));
  const elapsedS = (Date.now() - start) / 1000;
  process.send({ done, failed, elapsedS });
  agent.destroy();
  process.exit(0);
} else {
  const durationS = Number(process.argv[2] ?? 5);
  const concurrency = Number(process.argv[3] ?? 64);
  const { startEmulator } = await import('../dist/index.js');
  const emulator = await startEmulator({ events: ['order_shipped'] });
  const url = `${emulator.baseUrl}/${emulator.workspaceId}/live/event`;
  const child = fork(self, ['--client', url, emulator.apiKey, String(durationS), String(concurrency)]);
  // Server CPU time over the measured window shows how far the emulator is from saturation,
  // even when the load generator (or another process) is what limits the rate.
  let cpuAtStart = process.cpuUsage();
  const result = await new Promise((resolve, reject) => {
    child.on('message', (m) => {
      if (m.started) cpuAtStart = process.cpuUsage();
      else resolve(m);
    });
    child.once('error', reject);
  });
  const cpu = process.cpuUsage(cpuAtStart);
  const stored = emulator.messages().length;
  await emulator.stop();
  const rate = Math.round(result.done / result.elapsedS);
  const cpuShare = (cpu.user + cpu.system) / 1e6 / result.elapsedS;
  console.log(
    `E1 events: ${result.done} in ${result.elapsedS.toFixed(2)} s = ${rate} events/s ` +
      `(concurrency ${concurrency}, failures ${result.failed}, messages stored ${stored})\n` +
      `server CPU: ${(cpuShare * 100).toFixed(0)}% of one core, ` +
      `i.e. ~${Math.round(rate / cpuShare)} events/s per fully used core`,
  );
}
