/** @fyno-kit/bullmq: durable, multi-machine Fyno sending on BullMQ (Redis). */
export { createFynoQueue } from './queue';
export type { EnqueueBatchOptions, EnqueueBulkOptions, EnqueueOptions, FailedNotification, FynoBullQueue, FynoBullQueueOptions } from './queue';
export { createFynoWorker } from './worker';
export type { FynoBatchOptions, FynoBullWorker, FynoBullWorkerOptions } from './worker';
export { FynoQueueUnavailableError } from './errors';
export type { FynoRedisConnection } from './connection';
export type { FynoBatchJobData, FynoJobData, FynoJobResult, RefusedEntry, StoredFynoError } from './job-data';
export type { FynoSender } from './sender';
