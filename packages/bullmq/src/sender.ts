/**
 * Sends jobs to Fyno: alone under the job's key, or grouped under a batch key whose record is written
 * to Redis (and the batch id onto each member) before the request leaves.
 */
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import type { FireBulkResponse, Fyno } from '@fyno-kit/core';
import type { Telemetry } from '@fyno-kit/core/adapter';
import type { BatchRecord, BatchStore } from './batch-store';
import { isGroupRejection } from './classify';
import { batchKey, jobKey, type FynoJobData, type FynoJobResult } from './job-data';
import { traceBatch } from './tracing';

/** The part of the core client a worker uses. */
export type FynoSender = Pick<Fyno, 'fire' | 'fireBulk'>;

/** A job waiting in a group, and how to settle its processor call. */
export interface GroupEntry {
  job: Job<FynoJobData>;
  resolve(result: FynoJobResult): void;
  reject(error: unknown): void;
}

/** Sends one job or one group; every rejection is the core client's `FynoError` (or a Redis error). */
export class Sender {
  readonly #fyno: FynoSender;
  readonly #queueName: string;
  readonly #store: BatchStore;
  readonly #telemetry: Telemetry | undefined;
  /** Re-sends of batches in progress in this worker, by batch id. */
  readonly #resends = new Map<string, Promise<{ record: BatchRecord; res: FireBulkResponse } | undefined>>();

  constructor(fyno: FynoSender, queueName: string, store: BatchStore, telemetry: Telemetry | undefined) {
    this.#fyno = fyno;
    this.#queueName = queueName;
    this.#store = store;
    this.#telemetry = telemetry;
  }

  /** Sends a job on its own, under `bullmq:<queue>:<jobId>`. */
  async sendSolo(job: Job<FynoJobData>): Promise<FynoJobResult> {
    const idempotencyKey = jobKey(this.#queueName, job.id!);
    const res = await this.#fyno.fire(job.data.event, job.data.payload, { idempotencyKey });
    return { requestId: res.request_id, idempotencyKey };
  }

  /**
   * Sends a group of jobs of one event through the bulk endpoint and settles each entry. A group of one
   * goes alone. When the group is refused as a whole (the client's own checks, or Fyno's 400/413) nothing
   * was sent, so the batch is forgotten and each member is tried alone: one bad payload never fails the
   * others. (The worker also checks each job before it joins a group, so this is the second line.)
   */
  async sendGroup(event: string, entries: GroupEntry[]): Promise<void> {
    if (entries.length === 1) {
      const entry = entries[0]!;
      await this.sendSolo(entry.job).then(entry.resolve, entry.reject);
      return;
    }
    const batchId = randomUUID();
    const jobs = entries.map((e) => e.job);
    try {
      // The record and every member's mark are in Redis before the request leaves: a worker that takes
      // a member over after a crash finds the batch and re-sends it under the same key. The marks go
      // first and the record only once all of them are written. Were they written side by side, a mark
      // that failed (Redis going away mid-way, a job removed) would leave a record naming a member that
      // does not point at it: a marked member's retry would re-send the recorded batch, that member
      // included, and the member's own retry, unmarked, would send it a second time.
      await Promise.all(jobs.map((job) => job.updateData({ ...job.data, batch: batchId })));
      await this.#store.save(batchId, { event, jobIds: jobs.map((j) => j.id!), payloads: jobs.map((j) => j.data.payload) });
    } catch (error) {
      for (const entry of entries) entry.reject(error);
      return;
    }
    const idempotencyKey = batchKey(this.#queueName, batchId);
    try {
      const res = await traceBatch(
        this.#telemetry,
        this.#queueName,
        event,
        jobs.map((j) => j.data.traceparent),
        () =>
          this.#fyno.fireBulk(
            event,
            jobs.map((j) => j.data.payload),
            { idempotencyKey },
          ),
      );
      entries.forEach((entry, i) => {
        entry.resolve({ requestId: res.response[i]?.request_id ?? res.request_id, idempotencyKey, batch: batchId });
      });
    } catch (error) {
      if (!isGroupRejection(error)) {
        for (const entry of entries) entry.reject(error);
        return;
      }
      await this.#store.drop(batchId).catch(() => undefined);
      await Promise.all(entries.map((entry) => this.#unbindAndSend(entry.job).then(entry.resolve, entry.reject)));
    }
  }

  /**
   * Sends a job that already belongs to a batch (a retry, or a takeover after its worker died): the
   * whole recorded batch, under the batch's key. Members taken over together share one request. Without
   * a record (dropped after a refusal, or expired after 24 h along with Fyno's memory of the key) the
   * job goes alone.
   */
  async sendMarked(job: Job<FynoJobData>): Promise<FynoJobResult> {
    const batchId = job.data.batch!;
    let resend = this.#resends.get(batchId);
    if (!resend) {
      resend = this.#resend(batchId).finally(() => this.#resends.delete(batchId));
      this.#resends.set(batchId, resend);
    }
    const outcome = await resend;
    if (outcome === undefined) return this.#unbindAndSend(job);
    const index = outcome.record.jobIds.indexOf(job.id!);
    return { requestId: outcome.res.response[index]?.request_id ?? outcome.res.request_id, idempotencyKey: batchKey(this.#queueName, batchId), batch: batchId };
  }

  /** Re-sends a recorded batch; `undefined` when its members must go alone. */
  async #resend(batchId: string): Promise<{ record: BatchRecord; res: FireBulkResponse } | undefined> {
    const record = await this.#store.load(batchId);
    if (!record) return undefined;
    try {
      const res = await this.#fyno.fireBulk(record.event, record.payloads, { idempotencyKey: batchKey(this.#queueName, batchId) });
      return { record, res };
    } catch (error) {
      if (!isGroupRejection(error)) throw error;
      await this.#store.drop(batchId).catch(() => undefined);
      return undefined;
    }
  }

  async #unbindAndSend(job: Job<FynoJobData>): Promise<FynoJobResult> {
    if (job.data.batch !== undefined) {
      const { batch: _batch, ...rest } = job.data;
      await job.updateData(rest);
    }
    return this.sendSolo(job);
  }
}
