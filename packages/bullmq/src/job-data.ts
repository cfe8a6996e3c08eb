/**
 * What one job holds in Redis, and how job ids and Fyno `Idempotency-Key`s are derived from it. A key
 * is a pure function of the queue name and the job (or batch) id, so whichever worker sends a job, and
 * however often, Fyno sees one key for it.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EventPayload } from '@fyno-kit/core';

/** The Fyno error of a failed attempt, as stored on the job. */
export interface StoredFynoError {
  /** fyno-kit's stable error code (`bad_request`, `server_error`, `connection_error`, …). */
  code: string;
  /** HTTP status, when Fyno answered. */
  status?: number;
  /** Fyno's `_message`, or fyno-kit's own text for errors without an answer. */
  message: string;
  /** The `Idempotency-Key` the attempt used. */
  idempotencyKey?: string;
  /** Whether the worker gave up at once (400, 401, 403, 404, 413) rather than retrying. */
  permanent: boolean;
  /** ISO time of the attempt. */
  at: string;
}

/** The data of one notification job. The job's name is the event. */
export interface FynoJobData {
  event: string;
  payload: EventPayload;
  /**
   * Set by the worker that put this job in a bulk request, before sending it. From then on the job is
   * only sent as part of that batch (same body, same key), so a retry or a takeover cannot send it twice.
   */
  batch?: string;
  /** The error of the last failed attempt. */
  error?: StoredFynoError;
  /**
   * W3C `traceparent` of the span that enqueued the job (with `@opentelemetry/api` installed): the
   * worker continues that trace, so the job's send joins the enqueuing request's trace.
   */
  traceparent?: string;
}

/** One entry of a batch job that Fyno refused for good, with its error. */
export interface RefusedEntry {
  /** 0-based position of the entry in the job's `payloads`. */
  index: number;
  error: StoredFynoError;
}

/**
 * The data of one batch job (`enqueueBatch`): many notifications of one event, sent as one bulk request
 * under the job's own key. The job's name is the event.
 */
export interface FynoBatchJobData {
  event: string;
  payloads: EventPayload[];
  /**
   * Set once Fyno refused the bulk body (400/413), which means nothing in it was sent: from then on each
   * entry goes alone under its own key (`entryKey`), so one bad entry does not hold back the others.
   */
  split?: true;
  /** Entries Fyno accepted since the job was split: never sent again, whatever happens to the job. */
  sent?: number[];
  /** Entries Fyno refused for good (400, 401, 403, 404, 413), with Fyno's error. */
  refused?: RefusedEntry[];
  /** The error of the last failed attempt. */
  error?: StoredFynoError;
  /** W3C `traceparent` of the span that enqueued the batch. */
  traceparent?: string;
}

/** True for a batch job's data (it holds `payloads`, not `payload`). */
export function isBatchJobData(data: FynoJobData | FynoBatchJobData): data is FynoBatchJobData {
  return Array.isArray((data as FynoBatchJobData).payloads);
}

/** What a completed job returns (BullMQ's `returnvalue`). */
export interface FynoJobResult {
  /** Fyno's `request_id` for this notification. */
  requestId: string | undefined;
  /** The `Idempotency-Key` of the request that delivered it. */
  idempotencyKey: string;
  /** The batch it went out in, when it was grouped with others. */
  batch?: string;
  /** Notifications the job carried: 1, or the size of a batch job. */
  count?: number;
}

/**
 * The job id: a fresh UUID, or, given an idempotency key, a hash of it, so the same key enqueued twice
 * is one job. Never BullMQ's counter: a counter restarts when Redis is emptied, and `bullmq:fyno:1`
 * from yesterday would make Fyno replay yesterday's answer instead of sending today's notification.
 */
export function jobIdFor(idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return randomUUID();
  return `key-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}`;
}

/** Fyno `Idempotency-Key` of a job sent on its own. */
export function jobKey(queueName: string, jobId: string): string {
  return `bullmq:${queueName}:${jobId}`;
}

/** Fyno `Idempotency-Key` of a bulk request (a split request `i` adds `:i`, as `fireBulk` does). */
export function batchKey(queueName: string, batchId: string): string {
  return `bullmq:${queueName}:batch:${batchId}`;
}

/** Fyno `Idempotency-Key` of entry `index` of a batch job sent alone (after Fyno refused the bulk body). */
export function entryKey(queueName: string, jobId: string, index: number): string {
  return `${jobKey(queueName, jobId)}:entry:${index}`;
}
