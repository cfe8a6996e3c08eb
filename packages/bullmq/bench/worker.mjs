// One benchmark worker process: argv[2] is JSON { redisUrl, baseUrl, workspaceId, apiKey, worker }.
import { Fyno } from '@fyno-kit/core';
import { createFynoWorker } from '../dist/index.js';

const config = JSON.parse(process.argv[2]);
const fyno = new Fyno({ workspaceId: config.workspaceId, apiKey: config.apiKey, baseUrl: config.baseUrl, maxRetries: 0 });
const worker = createFynoWorker({ connection: config.redisUrl, fyno, onError: () => {}, ...config.worker });
process.on('message', async (message) => {
  if (message !== 'close') return;
  await worker.close();
  await fyno.close();
  process.exit(0);
});
await worker.waitUntilReady();
process.send({ type: 'ready' });
