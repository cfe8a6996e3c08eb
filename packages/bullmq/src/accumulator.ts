/**
 * Groups the jobs a worker holds at once by event, so they leave in one bulk request. A group is sent
 * when it reaches `size`, when it has waited `maxWaitMs`, or when every concurrency slot is waiting
 * (no further job can arrive until something is sent).
 */
import type { Job } from 'bullmq';
import type { FynoJobData, FynoJobResult } from './job-data';
import type { GroupEntry } from './sender';

/** Sends one group and settles each of its entries. */
export type SendGroup = (event: string, entries: GroupEntry[]) => Promise<void>;

interface Group {
  entries: GroupEntry[];
  bytes: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Groups of one worker; each `add` resolves when its group was sent. */
export class Accumulator {
  readonly #send: SendGroup;
  readonly #size: number;
  readonly #maxWaitMs: number;
  readonly #maxBytes: number;
  readonly #slots: number;
  readonly #groups = new Map<string, Group>();
  #held = 0;

  constructor(send: SendGroup, options: { size: number; maxWaitMs: number; maxBytes: number; slots: number }) {
    this.#send = send;
    this.#size = options.size;
    this.#maxWaitMs = options.maxWaitMs;
    this.#maxBytes = options.maxBytes;
    this.#slots = options.slots;
  }

  /** Holds `job` until its group leaves; resolves with its result or rejects with the send's error. */
  add(job: Job<FynoJobData>): Promise<FynoJobResult> {
    return new Promise<FynoJobResult>((resolve, reject) => {
      const event = job.data.event;
      const bytes = Buffer.byteLength(JSON.stringify(job.data.payload));
      let group = this.#groups.get(event);
      if (group && group.bytes + bytes > this.#maxBytes) {
        this.#flush(event);
        group = undefined;
      }
      if (!group) {
        group = { entries: [], bytes: 0, timer: undefined };
        this.#groups.set(event, group);
      }
      group.entries.push({ job, resolve, reject });
      group.bytes += bytes;
      this.#held++;
      if (group.entries.length >= this.#size) this.#flush(event);
      else if (this.#held >= this.#slots) this.flushAll();
      else if (group.timer === undefined) {
        group.timer = setTimeout(() => this.#flush(event), this.#maxWaitMs);
      }
    });
  }

  /** Sends every group now (on close, or when all slots wait). */
  flushAll(): void {
    for (const event of [...this.#groups.keys()]) this.#flush(event);
  }

  #flush(event: string): void {
    const group = this.#groups.get(event);
    if (!group) return;
    this.#groups.delete(event);
    if (group.timer !== undefined) clearTimeout(group.timer);
    this.#held -= group.entries.length;
    this.#send(event, group.entries).catch((error: unknown) => {
      for (const entry of group.entries) entry.reject(error);
    });
  }
}
