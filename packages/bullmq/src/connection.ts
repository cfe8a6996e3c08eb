/**
 * Turns the one `connection` option into what BullMQ and our own Redis client take. Producers fail
 * fast when Redis is down (no offline buffer), so an app learns at once that a notification was not
 * stored, instead of holding it in memory where a crash would lose it.
 */
import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';

/**
 * A Redis URL (`redis://user:pass@host:6379/0`, `rediss://` for TLS), ioredis options, or an ioredis
 * client: a `Redis`, or a `Cluster` for Redis Cluster (then give the queue a hash-tagged `prefix`,
 * such as `{fyno}`, so that each queue's keys share one slot).
 */
export type FynoRedisConnection = string | RedisOptions | Redis | Cluster;

function isClient(connection: FynoRedisConnection): connection is Redis | Cluster {
  return typeof connection === 'object' && connection !== null && typeof (connection as Redis).duplicate === 'function';
}

/** BullMQ connection options for a producer: without an offline queue, unless the app passed its own client. */
export function producerConnection(connection: FynoRedisConnection): ConnectionOptions {
  if (isClient(connection)) return connection;
  if (typeof connection === 'string') return { url: connection, enableOfflineQueue: false };
  // ioredis's option types are wider than BullMQ's own copy of them (e.g. `retryStrategy`): same object at run time.
  return { ...connection, enableOfflineQueue: false } as ConnectionOptions;
}

/** BullMQ connection options for a worker (BullMQ sets `maxRetriesPerRequest: null` itself). */
export function workerConnection(connection: FynoRedisConnection): ConnectionOptions {
  if (isClient(connection)) return connection;
  if (typeof connection === 'string') return { url: connection };
  return { ...connection } as ConnectionOptions;
}

/** A separate client for the worker's batch records; the caller closes it. */
export function createClient(connection: FynoRedisConnection): Redis | Cluster {
  if (isClient(connection)) return connection.duplicate();
  if (typeof connection === 'string') return new Redis(connection);
  return new Redis(connection);
}
