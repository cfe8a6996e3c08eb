/**
 * The record of a grouped send names only members that point at it. Found by CI under load: a Redis
 * restart in the middle of a group's writes sent one notification twice, because the record was written
 * beside the members' marks and one mark failed. Here one member's mark fails for a reason that can be
 * made on purpose (its job was removed), against a real Redis, BullMQ jobs and the emulator.
 */
import { Fyno } from '@fyno-kit/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BatchStore } from '../src/batch-store';
import type { FynoJobData, FynoJobResult } from '../src/job-data';
import { createFynoQueue } from '../src/index';
import { Sender } from '../src/sender';
import { startRedis, type TestRedis } from './redis';

let redis: TestRedis;
let emulator: RunningEmulator;
let fyno: Fyno;
let client: Redis;

beforeAll(async () => {
  redis = await startRedis();
  emulator = await startEmulator({ events: ['order_shipped'] });
  fyno = new Fyno({ workspaceId: emulator.workspaceId, apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, maxRetries: 0 });
  client = new Redis(redis.url);
});
afterAll(async () => {
  client?.disconnect();
  await fyno?.close();
  await emulator?.stop();
  await redis?.destroy();
});

it("a member whose mark fails is in no record, so the others' retries never send it", async () => {
  const queueName = 'record';
  const queue = createFynoQueue({ connection: redis.url, queueName });
  const ids = await Promise.all(['u_a', 'u_b', 'u_c'].map((user) => queue.enqueue('order_shipped', { distinct_id: user, data: { user } })));
  const jobs = await Promise.all(ids.map((id) => queue.queue.getJob(id)));
  // C's job goes away before the group is written, so C's mark fails as a mark does when Redis drops.
  await queue.queue.remove(ids[2]!);

  const sender = new Sender(fyno, queueName, new BatchStore(client, 'bull', queueName), undefined);
  const outcomes: Array<FynoJobResult | Error> = [];
  await sender.sendGroup(
    'order_shipped',
    jobs.map((job, i) => ({ job: job!, resolve: (r: FynoJobResult) => void (outcomes[i] = r), reject: (e: unknown) => void (outcomes[i] = e as Error) })),
  );
  // Nothing left: every member's attempt failed, to be retried.
  expect(outcomes.map((o) => o instanceof Error)).toEqual([true, true, true]);
  expect(emulator.messages()).toHaveLength(0);

  // A's and B's retries (each carries the batch id its mark wrote): they go out, C never does.
  const retried = await Promise.all(ids.slice(0, 2).map((id) => queue.queue.getJob(id)));
  for (const job of retried) expect((job!.data as FynoJobData).batch).toBeTypeOf('string');
  await Promise.all(retried.map((job) => sender.sendMarked(job!)));
  expect(
    emulator
      .messages()
      .map((m) => m.distinct_id)
      .sort(),
  ).toEqual(['u_a', 'u_b']);
  await queue.queue.obliterate({ force: true });
  await queue.close();
});
