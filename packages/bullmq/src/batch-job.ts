/**
 * Sends one batch job (`enqueueBatch`): its payloads as one bulk request under the job's own key, so a
 * re-delivered job (a retry, a takeover after its worker died) replays instead of sending twice. When
 * Fyno refuses the body, nothing in it was sent: the job is marked split, and each entry goes alone
 * under its own key, skipping those already accepted, so one bad entry never holds back the others and
 * an accepted entry is never sent again.
 */
import type { Job } from 'bullmq';
import { isBodyRejection, isPermanent, toStoredError } from './classify';
import { entryKey, jobKey, type FynoBatchJobData, type FynoJobResult, type RefusedEntry } from './job-data';
import type { FynoSender } from './sender';

/** Entries of a split batch in flight at once. */
const SPLIT_CONCURRENCY = 16;

/** Some entries of a batch job were refused for good; the job's data lists them (`refused`). */
export class BatchEntriesRefusedError extends Error {
  readonly refused: RefusedEntry[];
  constructor(refused: RefusedEntry[], total: number) {
    const first = refused[0]!;
    super(
      `${refused.length} of ${total} entries refused; first [${first.index}]: [${first.error.status ?? ''} ${first.error.code}] ${first.error.message}`.replace(
        '[ ',
        '[',
      ),
    );
    this.name = 'BatchEntriesRefusedError';
    this.refused = refused;
  }
}

/** Sends a batch job; rejects with the client's error (retryable or not) or `BatchEntriesRefusedError`. */
export async function sendBatchJob(fyno: FynoSender, queueName: string, job: Job<FynoBatchJobData>): Promise<FynoJobResult> {
  const idempotencyKey = jobKey(queueName, job.id!);
  const { event, payloads } = job.data;
  if (!job.data.split) {
    try {
      const res = await fyno.fireBulk(event, payloads, { idempotencyKey });
      return { requestId: res.request_id, idempotencyKey, count: payloads.length };
    } catch (error) {
      if (!isBodyRejection(error)) throw error;
      // Written before any entry leaves: a retry or a takeover must never send the bulk body again.
      await job.updateData({ ...job.data, split: true, sent: [], refused: [] });
    }
  }
  return sendSplit(fyno, queueName, job);
}

async function sendSplit(fyno: FynoSender, queueName: string, job: Job<FynoBatchJobData>): Promise<FynoJobResult> {
  const { event, payloads } = job.data;
  const sent = new Set(job.data.sent ?? []);
  const refused: RefusedEntry[] = [];
  let retryable: unknown;
  const pending = payloads.map((_, i) => i).filter((i) => !sent.has(i));
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < pending.length) {
      const index = pending[next++]!;
      try {
        await fyno.fire(event, payloads[index]!, { idempotencyKey: entryKey(queueName, job.id!, index) });
        sent.add(index);
      } catch (error) {
        if (isPermanent(error)) refused.push({ index, error: toStoredError(error) });
        else retryable ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SPLIT_CONCURRENCY, pending.length) }, lane));
  refused.sort((a, b) => a.index - b.index);
  // What was accepted is on the job before it settles: an accepted entry is never sent again.
  await job.updateData({ ...job.data, split: true, sent: [...sent].sort((a, b) => a - b), refused });
  if (retryable !== undefined) throw retryable;
  if (refused.length > 0) throw new BatchEntriesRefusedError(refused, payloads.length);
  return { requestId: undefined, idempotencyKey: jobKey(queueName, job.id!), count: payloads.length };
}
