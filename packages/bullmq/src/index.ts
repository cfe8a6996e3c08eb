/** @fyno-kit/bullmq: durable, multi-machine Fyno sending on BullMQ (Redis). */
export { createFynoQueue } from './queue';
export type { EnqueueBulkOptions, EnqueueOptions, FailedNotification, FynoBullQueue, FynoBullQueueOptions } from './queue';
export { createFynoWorker } from './worker';
export type { FynoBatchOptions, FynoBullWorker, FynoBullWorkerOptions } from './worker';
export { FynoQueueUnavailableError } from './errors';
export type { FynoRedisConnection } from './connection';
export type { FynoJobData, FynoJobResult, StoredFynoError } from './job-data';
export type { FynoSender } from './sender';
