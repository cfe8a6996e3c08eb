/**
 * Batch records: which payloads went out together under one bulk `Idempotency-Key`. A worker that
 * takes over a job of a batch re-sends the whole record under the same key, so Fyno either replays
 * the first answer (it was sent) or sends the batch now (it was not): never a second notification.
 */
import type { Cluster, Redis } from 'ioredis';
import type { EventPayload } from '@fyno-kit/core';

/** One bulk request as it was (or is about to be) sent. */
export interface BatchRecord {
  event: string;
  /** Member job ids, in body order. */
  jobIds: string[];
  payloads: EventPayload[];
}

/** Fyno forgets an `Idempotency-Key` after 24 h; a record is useless after that, so it goes too. */
export const BATCH_TTL_S = 24 * 60 * 60;

/** Stores batch records beside the queue's keys (`<prefix>:<queue>:fyno-batch:<id>`). */
export class BatchStore {
  readonly #redis: Redis | Cluster;
  readonly #keyPrefix: string;

  constructor(redis: Redis | Cluster, prefix: string, queueName: string) {
    this.#redis = redis;
    this.#keyPrefix = `${prefix}:${queueName}:fyno-batch:`;
  }

  /** Writes the record; resolves once Redis has it. */
  async save(batchId: string, record: BatchRecord): Promise<void> {
    await this.#redis.set(this.#keyPrefix + batchId, JSON.stringify(record), 'EX', BATCH_TTL_S);
  }

  /** The record, or `undefined` once it expired or was dropped. */
  async load(batchId: string): Promise<BatchRecord | undefined> {
    const json = await this.#redis.get(this.#keyPrefix + batchId);
    return json === null ? undefined : (JSON.parse(json) as BatchRecord);
  }

  /** Forgets a batch Fyno rejected: its members are then sent one by one, under their own keys. */
  async drop(batchId: string): Promise<void> {
    await this.#redis.del(this.#keyPrefix + batchId);
  }
}
