/**
 * The sending side: a BullMQ worker that sends jobs with the core client, grouped by event into bulk
 * requests, under BullMQ's fleet-wide rate limiter and its retries with exponential backoff.
 */
import { openTelemetryChoiceOf, validateEventName, validatePayload } from '@fyno-kit/core/adapter';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Accumulator } from './accumulator';
import { BatchEntriesRefusedError, sendBatchJob } from './batch-job';
import { BatchStore } from './batch-store';
import { isPermanent, reasonOf, toStoredError } from './classify';
import { createClient, workerConnection, type FynoRedisConnection } from './connection';
import { isBatchJobData, type FynoBatchJobData, type FynoJobData, type FynoJobResult, type StoredFynoError } from './job-data';
import { DEFAULT_PREFIX, DEFAULT_QUEUE_NAME } from './queue';
import { NotificationLimiter } from './rate-limit';
import { Sender, type FynoSender } from './sender';
import { bullmqTelemetry, traceJob } from './tracing';

/** How a worker groups jobs of one event into bulk requests. */
export interface FynoBatchOptions {
  /**
   * Most jobs in one bulk request. Default: `min(50, concurrency / 2)`, so a slow request leaves slots
   * for others. Keep it at or under the client's `maxBulkItems` (1 000).
   */
  size?: number;
  /** Longest a job waits for others of its event before its group is sent anyway. Default 20 ms. */
  maxWaitMs?: number;
  /** Largest sum of payload sizes in one group. Default 1 000 000 bytes, far under Fyno's 10 MB. */
  maxBytes?: number;
}

/** Options of `createFynoWorker`. */
export interface FynoBullWorkerOptions {
  /** Redis: a URL, ioredis options, or an ioredis client. */
  connection: FynoRedisConnection;
  /**
   * The client that sends (`new Fyno(...)` from `@fyno-kit/core`). The worker does not close it. Its
   * `openTelemetry` choice is the worker's too: `false` → the worker makes no spans either; an API →
   * the worker's spans go to it.
   */
  fyno: FynoSender;
  /** Queue to consume. Default `fyno`. */
  queueName?: string;
  /** BullMQ key prefix. Default `bull`. */
  prefix?: string;
  /**
   * Jobs this worker holds at once, waiting in groups or being sent. Default 100, for one job per
   * notification (grouped up to 50 per request). A batch job is a whole bulk request, so a worker of
   * batch jobs needs only (notifications/s × round-trip seconds to Fyno) / job size: 16 on a fast link.
   */
  concurrency?: number;
  /**
   * Most **notifications** sent per `durationMs` across **every** worker of the queue: a single job
   * counts 1, a batch job (`enqueueBatch`) its size. BullMQ keeps the count in Redis and starts no job
   * while the window is spent; a batch job that goes past `max` stretches the window by what it took
   * over, so the rate holds on average. Give all workers the same value, and keep batch jobs no larger
   * than `max`.
   */
  limiter?: { max: number; durationMs: number };
  /** Grouping into bulk requests; `false` sends every job alone. */
  batch?: FynoBatchOptions | false;
  /** How long a job's lock lasts without renewal; a dead worker's jobs are taken over after it. Default 30 000. */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died. Default 30 000. */
  stalledIntervalMs?: number;
  /** Takeovers a job survives before it is failed. Default 1 (BullMQ's). */
  maxStalledCount?: number;
  /** Errors of the worker itself (Redis unreachable, a lost lock). Default: `console.error`, at most once per 5 s. */
  onError?: (error: Error) => void;
}

/** A running worker. */
export interface FynoBullWorker {
  /** The BullMQ worker, for its events (`completed`, `failed`, …) and `pause()` / `resume()`. */
  readonly worker: Worker<FynoJobData | FynoBatchJobData, FynoJobResult>;
  /** Resolves once the worker is connected to Redis. */
  waitUntilReady(): Promise<void>;
  /** Sends what it holds, waits for jobs in progress, and disconnects. */
  close(): Promise<void>;
}

function throttledLog(): (error: Error) => void {
  let last = 0;
  return (error) => {
    const now = Date.now();
    if (now - last < 5_000) return;
    last = now;
    console.error(`[fyno-kit] bullmq worker: ${error.message}`);
  };
}

/**
 * Starts a worker that sends the queue's notifications to Fyno. Each job's `Idempotency-Key` is derived
 * from its job id (or from its batch's id when it went out with others), so a job taken over from a
 * worker that died after sending is not sent twice. 400/401/403/404/413 fail the job at once; other
 * failures are retried with the job's `attempts` and exponential backoff.
 *
 * @example
 * const worker = createFynoWorker({ connection: process.env.REDIS_URL!, fyno: new Fyno(), limiter: { max: 100, durationMs: 1_000 } });
 * process.on('SIGTERM', () => worker.close());
 */
export function createFynoWorker(options: FynoBullWorkerOptions): FynoBullWorker {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 100));
  const redis = createClient(options.connection);
  const onError = options.onError ?? throttledLog();
  redis.on('error', onError);
  // The client's choice: its own API when it traces (the worker's spans and the client's share one),
  // nothing when it was told `openTelemetry: false`.
  const telemetry = bullmqTelemetry(openTelemetryChoiceOf(options.fyno));
  const sender = new Sender(options.fyno, queueName, new BatchStore(redis, prefix, queueName), telemetry);
  const batch = options.batch === false ? undefined : (options.batch ?? {});
  const size = Math.max(1, Math.floor(batch?.size ?? Math.min(50, Math.floor(concurrency / 2))));
  const accumulator =
    batch && size > 1 && concurrency > 1
      ? new Accumulator((event, entries) => sender.sendGroup(event, entries), {
          size,
          maxWaitMs: Math.max(0, batch.maxWaitMs ?? 20),
          maxBytes: batch.maxBytes ?? 1_000_000,
          slots: concurrency,
        })
      : undefined;

  let limiter: NotificationLimiter | undefined;

  const processor = async (job: Job<FynoJobData | FynoBatchJobData, FynoJobResult>): Promise<FynoJobResult> => {
    const data = job.data;
    try {
      // BullMQ counted this job as 1 when it started it; a batch job weighs its remaining entries.
      if (limiter && isBatchJobData(data)) await limiter.charge(data.payloads.length - (data.sent?.length ?? 0) - 1);
      // Continues the enqueuing request's trace: the job's fyno.fire is part of it.
      return await traceJob(telemetry, queueName, job as Job<{ event: string; traceparent?: string }>, () => {
        if (isBatchJobData(data)) return sendBatchJob(options.fyno, queueName, job as Job<FynoBatchJobData>);
        const single = job as Job<FynoJobData>;
        if (data.batch !== undefined) return sender.sendMarked(single);
        if (!accumulator) return sender.sendSolo(single);
        // A job another producer (or an older schema) stored malformed fails here, alone, with the
        // client's validation_error: it never joins a group whose bulk request it would sink.
        validateEventName(single.data?.event);
        validatePayload(single.data?.payload);
        return accumulator.add(single);
      });
    } catch (error) {
      if (error instanceof BatchEntriesRefusedError) {
        const stored: StoredFynoError = { code: 'batch_entries_refused', message: error.message, permanent: true, at: new Date().toISOString() };
        await job.updateData({ ...(job.data as FynoBatchJobData), error: stored }).catch(() => undefined);
        throw new UnrecoverableError(reasonOf(stored));
      }
      const stored = toStoredError(error);
      // The Fyno error goes on the job, so `failed()` can show status and `_message` even after retries.
      await job.updateData({ ...job.data, error: stored }).catch(() => undefined);
      throw isPermanent(error) ? new UnrecoverableError(reasonOf(stored)) : new Error(reasonOf(stored));
    }
  };

  const worker = new Worker<FynoJobData | FynoBatchJobData, FynoJobResult>(queueName, processor, {
    connection: workerConnection(options.connection),
    prefix,
    concurrency,
    ...(options.limiter ? { limiter: { max: options.limiter.max, duration: options.limiter.durationMs } } : {}),
    ...(options.lockDurationMs !== undefined ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs !== undefined ? { stalledInterval: options.stalledIntervalMs } : {}),
    ...(options.maxStalledCount !== undefined ? { maxStalledCount: options.maxStalledCount } : {}),
  });
  worker.on('error', onError);
  if (options.limiter) limiter = new NotificationLimiter(redis, worker.keys.limiter!, options.limiter);

  return {
    worker,
    waitUntilReady: () => worker.waitUntilReady().then(() => undefined),
    async close() {
      const closing = worker.close();
      accumulator?.flushAll();
      await closing;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
