/**
 * On Redis Cluster (three masters, started here): a hash-tagged prefix keeps each queue's keys in one
 * slot, and single jobs and batch jobs are both enqueued and worked, every notification once.
 */
import { Fyno } from '@fyno-kit/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFynoQueue, createFynoWorker } from '../src/index';
import { startCluster, type TestCluster } from './cluster';
import { waitFor } from './helpers';

let cluster: TestCluster;
let emulator: RunningEmulator;
let fyno: Fyno;
const clients: Cluster[] = [];

const connect = () => {
  // Workers need `maxRetriesPerRequest: null` (BullMQ's rule for blocking connections).
  const client = new Cluster(
    cluster.ports.map((port) => ({ host: '127.0.0.1', port })),
    { redisOptions: { maxRetriesPerRequest: null } },
  );
  clients.push(client);
  return client;
};

beforeAll(async () => {
  cluster = await startCluster();
  emulator = await startEmulator({ events: ['digest', 'order_shipped'] });
  fyno = new Fyno({ workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, maxRetries: 0 });
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await fyno?.close();
  await emulator?.stop();
  await cluster?.destroy();
});

it('enqueues and works single and batch jobs on a 3-master cluster, each notification once', async () => {
  const prefix = '{fyno}';
  const queue = createFynoQueue({ connection: connect(), prefix, queueName: 'cluster' });
  const worker = createFynoWorker({ connection: connect(), fyno, prefix, queueName: 'cluster', limiter: { max: 1_000, durationMs: 1_000 }, onError: () => {} });
  await worker.waitUntilReady();

  const singles = await queue.enqueueBulk(
    'order_shipped',
    Array.from({ length: 50 }, (_, i) => ({ distinct_id: `s_${i}`, data: { n: i } })),
  );
  const batches = await queue.enqueueBatch(
    'digest',
    Array.from({ length: 450 }, (_, i) => ({ distinct_id: `b_${i}`, data: { n: 1_000 + i } })),
  );
  expect(singles).toHaveLength(50);
  expect(batches).toHaveLength(5);

  await waitFor(() => emulator.messages().length >= 500, 30_000, '500 messages');
  await waitFor(async () => (await queue.queue.getCompletedCount()) === 55, 10_000, 'every job completed');
  const seen = new Map<number, number>();
  for (const m of emulator.messages()) seen.set((m.data as { n: number }).n, (seen.get((m.data as { n: number }).n) ?? 0) + 1);
  expect(seen.size).toBe(500);
  expect([...seen.values()].every((c) => c === 1)).toBe(true);
  // The keys really are spread over a cluster: each master answers for its own slots.
  const slots = await clients[0]!.cluster('SLOTS');
  expect(slots).toHaveLength(3);

  await worker.close();
  await queue.close();
});
