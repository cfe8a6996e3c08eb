import { Fyno } from '@fyno-kit/core';
import { createFynoWorker } from '@fyno-kit/bullmq';

const connection = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const fyno = new Fyno();
// At most 100 notifications a second across every worker of the queue.
const worker = createFynoWorker({ connection, fyno, limiter: { max: 100, durationMs: 1_000 } });
worker.worker.on('completed', (job) => console.log(`sent ${job.data.event} (job ${job.id})`));
await worker.waitUntilReady();
console.log('worker ready');

process.on('SIGTERM', async () => {
  await worker.close(); // sends what it holds, waits for jobs in progress
  await fyno.close();
  process.exit(0);
});
