/**
 * The producing side: stores notifications as BullMQ jobs (one job per notification, named for its
 * event) after checking them, and lists and re-queues the ones that failed for good.
 */
import {
  FynoError,
  FynoValidationError,
  type EnqueueOptions as CoreEnqueueOptions,
  type EventPayload,
  type FynoEnqueuer,
  type OpenTelemetryApi,
} from '@fyno-kit/core';
import { checkEnqueueKey, validateEventName, validatePayload } from '@fyno-kit/core/adapter';
import { Queue, type Job, type KeepJobs } from 'bullmq';
import { producerConnection, type FynoRedisConnection } from './connection';
import { FynoQueueUnavailableError } from './errors';
import { isBatchJobData, jobIdFor, type FynoBatchJobData, type FynoJobData, type FynoJobResult, type StoredFynoError } from './job-data';
import { bullmqTelemetry, traceEnqueue } from './tracing';

/** The queue name when none is given. */
export const DEFAULT_QUEUE_NAME = 'fyno';
/** BullMQ's key prefix when none is given. */
export const DEFAULT_PREFIX = 'bull';

/** Options of `createFynoQueue`. */
export interface FynoBullQueueOptions {
  /** Redis: a URL (`redis://…`, `rediss://…`), ioredis options, or an ioredis client. */
  connection: FynoRedisConnection;
  /** Queue name; workers must use the same. Default `fyno`. */
  queueName?: string;
  /** BullMQ key prefix. Default `bull`. */
  prefix?: string;
  /** Tries per job, the first included, for retryable failures. Default 10. */
  attempts?: number;
  /** First retry delay; each next one doubles (BullMQ's exponential backoff, with jitter). Default 1 000 ms. */
  backoffDelayMs?: number;
  /**
   * Which completed jobs Redis keeps. Default `{ age: 86_400, count: 100_000 }`: a day, like Fyno's
   * memory of an `Idempotency-Key`, so re-enqueueing a key within a day finds the job done.
   */
  removeOnComplete?: KeepJobs | boolean | number;
  /**
   * OpenTelemetry for the producer spans (`send <queue>`, whose `traceparent` the worker continues),
   * with the meaning of the core client's `openTelemetry`: by default `@opentelemetry/api` is loaded
   * when it is installed (an optional peer) and nothing is traced when it is not. Pass the API module
   * (`import * as api from '@opentelemetry/api'`) to choose it explicitly (e.g. in a bundled app), or
   * `false` to make no spans and carry no trace in the jobs. The worker follows its client's option.
   */
  openTelemetry?: OpenTelemetryApi | false;
}

/** Options of one `enqueue`: core's `EnqueueOptions` (the same on every queue), and a delay. */
export interface EnqueueOptions extends CoreEnqueueOptions {
  /**
   * Makes the job id a hash of this key: the same key enqueued twice is one job, and its Fyno
   * `Idempotency-Key` is the same wherever and however often it is sent. Use a business id
   * (`order-A1001-shipped`); 1 to 255 characters.
   */
  idempotencyKey?: string;
  /** Send no sooner than this many milliseconds from now. */
  delayMs?: number;
}

/** Options of `enqueueBulk`: each payload gets `${idempotencyKey}:${index}` when a key is given. */
export type EnqueueBulkOptions = EnqueueOptions;

/** Options of `enqueueBatch`. */
export interface EnqueueBatchOptions extends EnqueueOptions {
  /**
   * Most notifications in one job (one Fyno bulk request). Default 100; at most 1 000 (the core
   * client's `maxBulkItems` default). With a rate limit, keep it at or under the limit's `max`.
   */
  maxPerJob?: number;
  /**
   * Largest sum of payload sizes in one job, in bytes of JSON. Default 1 000 000, far under Fyno's
   * 10 MB bulk cap and the core client's `maxBulkBytes`, so each job is exactly one request.
   */
  maxBytesPerJob?: number;
}

/** A notification that failed for good, with its Fyno error. */
export interface FailedNotification {
  jobId: string;
  /** For an entry of a batch job (`enqueueBatch`): its 0-based position in the job. */
  entry?: number;
  event: string;
  payload: EventPayload;
  /** The Fyno error of the last attempt: `code`, `status`, Fyno's `_message` as `message`. */
  error: StoredFynoError;
  /** Attempts made. */
  attemptsMade: number;
  /** When it failed, in epoch milliseconds. */
  failedAt: number | undefined;
}

/** A producer of Fyno notifications on BullMQ; it keeps core's `FynoEnqueuer` contract, like `fyno.queue()`. */
export interface FynoBullQueue extends FynoEnqueuer {
  /** The queue name. */
  readonly name: string;
  /** The BullMQ queue, for counts, events and dashboards. */
  readonly queue: Queue<FynoJobData, FynoJobResult>;
  /**
   * Checks and stores one notification; resolves with its job id once Redis has it. Rejects with
   * `FynoValidationError` for a payload Fyno would refuse, and `FynoQueueUnavailableError` when Redis
   * is unreachable (nothing is buffered).
   */
  enqueue(event: string, payload: EventPayload, options?: EnqueueOptions): Promise<string>;
  /** Stores many notifications of one event atomically (one job each); resolves with their ids in order. */
  enqueueBulk(event: string, payloads: readonly EventPayload[], options?: EnqueueBulkOptions): Promise<string[]>;
  /**
   * Stores many notifications of one event in few jobs, each one Fyno bulk request (split by
   * `maxPerJob` and `maxBytesPerJob`); resolves with the job ids in order. Every entry is checked first,
   * and one malformed entry refuses the whole call (`FynoValidationError` naming `[index]`, nothing
   * stored). With an `idempotencyKey`, job `i` gets an id derived from `${key}:batch:${i}`: the same
   * call made twice is the same jobs.
   */
  enqueueBatch(event: string, payloads: readonly EventPayload[], options?: EnqueueBatchOptions): Promise<string[]>;
  /**
   * Notifications in the failed set, oldest first, with their Fyno error: one per failed single job,
   * and, for a batch job, one per entry that was not sent (`entry` gives its position).
   */
  failed(options?: { start?: number; end?: number }): Promise<FailedNotification[]>;
  /** Moves a failed job (or every failed job) back to waiting; resolves with how many moved. */
  retryFailed(jobId: string | 'all'): Promise<number>;
  /** Closes the queue's Redis connection. */
  close(): Promise<void>;
}

const ADD_BULK_CHUNK = 1_000;
const DEFAULT_PER_JOB = 100;
const MAX_PER_JOB = 1_000;
const DEFAULT_BYTES_PER_JOB = 1_000_000;

/** Splits payloads into jobs by count and by bytes of JSON, in order; an oversized entry goes alone. */
function splitBatch(payloads: readonly EventPayload[], maxPerJob: number, maxBytes: number): EventPayload[][] {
  if (!Number.isInteger(maxPerJob) || maxPerJob < 1 || maxPerJob > MAX_PER_JOB) {
    throw new FynoValidationError(`maxPerJob must be an integer from 1 to ${MAX_PER_JOB}`, 'maxPerJob');
  }
  if (!Number.isFinite(maxBytes) || maxBytes < 1) throw new FynoValidationError('maxBytesPerJob must be a positive number', 'maxBytesPerJob');
  const groups: EventPayload[][] = [];
  let group: EventPayload[] = [];
  let bytes = 0;
  for (const payload of payloads) {
    const size = Buffer.byteLength(JSON.stringify(payload)) + 1;
    if (group.length > 0 && (group.length >= maxPerJob || bytes + size > maxBytes)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(payload);
    bytes += size;
  }
  groups.push(group);
  return groups;
}

function unavailable(error: unknown): FynoError {
  return FynoError.isFynoError(error) ? error : new FynoQueueUnavailableError(error);
}

function fallbackError(job: Job<FynoJobData>): StoredFynoError {
  return { code: 'internal_error', message: job.failedReason ?? 'unknown failure', permanent: false, at: new Date(job.finishedOn ?? Date.now()).toISOString() };
}

/** The checks of `enqueueBulk` and `enqueueBatch`: every entry, before anything is stored. */
function checkMany(event: string, payloads: readonly EventPayload[], what: 'bulk' | 'batch', delayMs: number | undefined, key: string | undefined): void {
  validateEventName(event);
  checkEnqueueKey(key);
  if (!Array.isArray(payloads) || payloads.length === 0) {
    throw new FynoValidationError(`${what} payloads must be a non-empty array`, 'batch');
  }
  payloads.forEach((p, i) => validatePayload(p, `[${i}].`));
  checkDelay(delayMs);
}

function checkDelay(delayMs: number | undefined): void {
  if (delayMs !== undefined && (!Number.isFinite(delayMs) || delayMs < 0)) {
    throw new FynoValidationError('delayMs must be a non-negative number', 'delayMs');
  }
}

/**
 * Creates a producer. App servers enqueue here; `createFynoWorker` processes send. The job is in Redis
 * when `enqueue` resolves, so a deploy or crash after that does not lose it.
 *
 * @example
 * const queue = createFynoQueue({ connection: process.env.REDIS_URL! });
 * await queue.enqueue('order_shipped', { distinct_id: 'u_123', data: { order: 'A-1001' } }, { idempotencyKey: 'A-1001-shipped' });
 */
export function createFynoQueue(options: FynoBullQueueOptions): FynoBullQueue {
  const name = options.queueName ?? DEFAULT_QUEUE_NAME;
  const queue = new Queue<FynoJobData, FynoJobResult>(name, {
    connection: producerConnection(options.connection),
    prefix: options.prefix ?? DEFAULT_PREFIX,
    defaultJobOptions: {
      attempts: Math.max(1, Math.floor(options.attempts ?? 10)),
      backoff: { type: 'exponential', delay: Math.max(0, options.backoffDelayMs ?? 1_000) },
      removeOnComplete: options.removeOnComplete ?? { age: 86_400, count: 100_000 },
      // Never dropped silently: failed jobs stay until someone looks at them.
      removeOnFail: false,
    },
  });
  // Connection errors surface on each call; without a listener an 'error' event would crash the app.
  queue.on('error', () => undefined);
  // A producer has no client to take the API from: its own option, else the installed one, found once.
  const telemetry = bullmqTelemetry(options.openTelemetry);

  const jobOptions = (idempotencyKey: string | undefined, delayMs: number | undefined) => ({
    jobId: jobIdFor(idempotencyKey),
    ...(delayMs ? { delay: delayMs } : {}),
  });

  /**
   * Stores one job per item in one producer span (atomically per 1 000), with ids from `keyOf(i)`;
   * resolves with the job ids in order.
   */
  async function addMany<T>(
    event: string,
    notifications: number,
    items: readonly T[],
    dataOf: (item: T) => Omit<FynoJobData, 'traceparent'> | Omit<FynoBatchJobData, 'traceparent'>,
    keyOf: (index: number) => string | undefined,
    delayMs: number | undefined,
  ): Promise<string[]> {
    const ids: string[] = [];
    try {
      await traceEnqueue(telemetry, name, event, notifications, async (traceparent) => {
        for (let offset = 0; offset < items.length; offset += ADD_BULK_CHUNK) {
          const chunk = items.slice(offset, offset + ADD_BULK_CHUNK).map((item, i) => ({
            name: event,
            data: { ...dataOf(item), ...(traceparent ? { traceparent } : {}) } as FynoJobData,
            opts: jobOptions(keyOf(offset + i), delayMs),
          }));
          const jobs = await queue.addBulk(chunk);
          for (const job of jobs) ids.push(job.id!);
        }
      });
    } catch (error) {
      throw unavailable(error);
    }
    return ids;
  }

  return {
    name,
    queue,

    async enqueue(event, payload, opts = {}) {
      validateEventName(event);
      validatePayload(payload);
      checkEnqueueKey(opts.idempotencyKey);
      checkDelay(opts.delayMs);
      try {
        return await traceEnqueue(telemetry, name, event, 1, async (traceparent) => {
          const job = await queue.add(event, { event, payload, ...(traceparent ? { traceparent } : {}) }, jobOptions(opts.idempotencyKey, opts.delayMs));
          return job.id!;
        });
      } catch (error) {
        throw unavailable(error);
      }
    },

    async enqueueBulk(event, payloads, opts = {}) {
      checkMany(event, payloads, 'bulk', opts.delayMs, opts.idempotencyKey);
      return addMany(
        event,
        payloads.length,
        payloads,
        (payload) => ({ event, payload }),
        (i) => (opts.idempotencyKey === undefined ? undefined : `${opts.idempotencyKey}:${i}`),
        opts.delayMs,
      );
    },

    async enqueueBatch(event, payloads, opts = {}) {
      checkMany(event, payloads, 'batch', opts.delayMs, opts.idempotencyKey);
      const groups = splitBatch(payloads, opts.maxPerJob ?? DEFAULT_PER_JOB, opts.maxBytesPerJob ?? DEFAULT_BYTES_PER_JOB);
      return addMany(
        event,
        payloads.length,
        groups,
        (group) => ({ event, payloads: group }),
        (i) => (opts.idempotencyKey === undefined ? undefined : `${opts.idempotencyKey}:batch:${i}`),
        opts.delayMs,
      );
    },

    async failed({ start = 0, end = -1 } = {}) {
      const jobs = await queue.getFailed(start, end).catch((error: unknown) => {
        throw unavailable(error);
      });
      return jobs
        .filter((job): job is Job<FynoJobData, FynoJobResult> => job !== undefined && job !== null)
        .reverse()
        .flatMap((job): FailedNotification[] => {
          const common = { jobId: job.id!, event: job.data.event, attemptsMade: job.attemptsMade, failedAt: job.finishedOn };
          const data = job.data as FynoJobData | FynoBatchJobData;
          if (!isBatchJobData(data)) return [{ ...common, payload: data.payload, error: data.error ?? fallbackError(job) }];
          // Entries refused for good carry their own error; the rest of what was not sent, the job's.
          const refused = new Map((data.refused ?? []).map((r) => [r.index, r.error]));
          const sent = new Set(data.sent ?? []);
          return data.payloads.flatMap((payload, entry) =>
            sent.has(entry) ? [] : [{ ...common, entry, payload, error: refused.get(entry) ?? data.error ?? fallbackError(job) }],
          );
        });
    },

    async retryFailed(jobId) {
      try {
        if (jobId !== 'all') {
          const job = await queue.getJob(jobId);
          if (!job || !(await job.isFailed())) return 0;
          await job.retry('failed');
          return 1;
        }
        const count = await queue.getFailedCount();
        await queue.retryJobs({ state: 'failed', count: 1_000 });
        return count;
      } catch (error) {
        throw unavailable(error);
      }
    },

    close: () => queue.close(),
  };
}
