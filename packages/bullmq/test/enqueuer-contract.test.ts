/**
 * The send-later queue contract shared with core's in-process queue (tooling/test-support/enqueuer-suite.ts),
 * on a private Redis with an in-process worker sending to the emulator. What only BullMQ does (one job
 * per key, delays, batch jobs) is in worker.test.ts.
 */
import { Fyno } from '@fyno-kit/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll } from 'vitest';
import { runEnqueuerSuite } from '@fyno-kit/test-support/enqueuer-suite';
import { createFynoQueue, createFynoWorker } from '../src/index';
import { waitFor } from './helpers';
import { startRedis, type TestRedis } from './redis';

let redis: TestRedis;
let emulator: RunningEmulator;
let fyno: Fyno;
let n = 0;

beforeAll(async () => {
  redis = await startRedis();
  emulator = await startEmulator({ events: ['order_shipped', 'otp'], quiet: true });
  fyno = new Fyno({ workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, maxRetries: 0 });
});
afterAll(async () => {
  await fyno?.close();
  await emulator?.stop();
  await redis?.destroy();
});

runEnqueuerSuite('@fyno-kit/bullmq createFynoQueue', async () => {
  emulator.clear();
  const queueName = `contract${++n}`;
  const queue = createFynoQueue({ connection: redis.url, queueName, attempts: 2, backoffDelayMs: 50 });
  // A second producer only to watch the counts: the queue under test may be closed by the test.
  const watcher = createFynoQueue({ connection: redis.url, queueName });
  const worker = createFynoWorker({ connection: redis.url, fyno, queueName, onError: () => {} });
  const pending = async () => {
    const counts = await watcher.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  };
  return {
    queue,
    settle: () => waitFor(async () => (await pending()) === 0, 15_000, 'every job settled'),
    messages: () => emulator.messages(),
    async dispose() {
      await worker.close();
      await watcher.queue.obliterate({ force: true });
      await watcher.close();
      await queue.close().catch(() => {});
    },
  };
});
