/**
 * Which bullmq this run is on: the highest of the peer range (the dev dependency) in `vitest run`,
 * the lowest (`bullmq-lowest`) under vitest.lowest.config.ts. Checked in this process and in a forked
 * worker process, which loads the built dist as an app would, so neither run can test the wrong one.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { version } from 'bullmq/dist/esm/version.js';
import { startWorkerProcess, type WorkerProcess } from './helpers';
import { startRedis, type TestRedis } from './redis';

const own = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const expected = process.env.EXPECT_BULLMQ_VERSION ?? own.devDependencies.bullmq!;

let redis: TestRedis;
let emulator: RunningEmulator;
let worker: WorkerProcess | undefined;
beforeAll(async () => {
  redis = await startRedis();
  emulator = await startEmulator({ events: ['order_shipped'] });
});
afterAll(async () => {
  await worker?.close();
  await emulator?.stop();
  await redis?.destroy();
});

it('runs on the bullmq this config asked for, in the tests and in the worker processes', async () => {
  expect(version).toBe(expected);
  worker = await startWorkerProcess(redis.url, emulator, { queueName: 'version-check' });
  expect(worker.bullmq).toBe(expected);
});

it('tests both ends of the peer range: the lowest is the alias, the highest the dev dependency', () => {
  expect(own.peerDependencies.bullmq).toBe('^6.0.0');
  expect(own.devDependencies['bullmq-lowest']).toBe('npm:bullmq@6.0.0');
  // The dev dependency is what `^6.0.0` resolves to today, at most.
  const require = createRequire(import.meta.url);
  expect(require('bullmq/package.json').version).toBe(own.devDependencies.bullmq);
});
