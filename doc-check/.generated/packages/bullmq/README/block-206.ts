import { createFynoQueue, createFynoWorker } from '@fyno-kit/bullmq';
import { Fyno } from '@fyno-kit/core';
const fyno = new Fyno();
import { Cluster } from 'ioredis';

const nodes = [
  { host: 'redis-1', port: 6379 },
  { host: 'redis-2', port: 6379 },
  { host: 'redis-3', port: 6379 },
];
const cluster = () => new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: null } });
const queue = createFynoQueue({ connection: cluster(), prefix: '{fyno}' });
const worker = createFynoWorker({ connection: cluster(), prefix: '{fyno}', fyno });
