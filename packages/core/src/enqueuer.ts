/**
 * The one contract of a send-later queue, kept by core's in-process `FynoQueue` and by
 * `@fyno-kit/bullmq`'s durable queue, so app code enqueues the same way with either.
 */
import { FynoValidationError } from './errors';
import type { EventMap, EventName, EventPayload } from './types';

/** Options of one `enqueue`, the same on every queue. */
export interface EnqueueOptions {
  /**
   * Your key for this one notification (a business id such as `order-A1001-shipped`): enqueueing the
   * same key again never sends it twice. Never dropped: BullMQ makes it the job id, and the in-process
   * queue sends a keyed notification in a bulk request of its own under this `Idempotency-Key` and
   * drops a repeat still waiting in the process. 1 to 255 characters.
   */
  idempotencyKey?: string;
}

/** What every send-later queue offers an app: `enqueue`, and `close` to stop and let it finish. */
export interface FynoEnqueuer<TEvents extends EventMap = EventMap> {
  /**
   * Stores one notification for sending later: returns (in-process) or resolves (durable queues) once
   * it is accepted, and throws (or rejects) when it is refused (a payload Fyno would refuse, a full or
   * closed queue, a store that cannot be reached).
   */
  enqueue<E extends EventName<TEvents>>(event: E, payload: EventPayload<TEvents[E]>, options?: EnqueueOptions): unknown;
  /**
   * Stops taking notifications and lets what was accepted finish: the in-process queue sends what
   * waits (nothing is lost silently); a durable queue closes its connection (the jobs stay stored).
   */
  close(): Promise<unknown>;
}

const MAX_KEY_LENGTH = 255;

/** Throws `FynoValidationError` for a key no queue can honour, at `enqueue`, before anything is stored. */
export function checkEnqueueKey(key: unknown): asserts key is string | undefined {
  if (key === undefined) return;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new FynoValidationError(`idempotencyKey must be a string of 1 to ${MAX_KEY_LENGTH} characters`, 'idempotencyKey');
  }
}
