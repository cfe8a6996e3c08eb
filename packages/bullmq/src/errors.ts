/** The producer's one error of its own: Redis did not take the job. */
import { FynoError } from '@fyno-kit/core';

/**
 * Redis is unreachable (or refused the write), so the notification was **not** enqueued. Nothing is
 * buffered in memory: retry later, or store the payload elsewhere. With an `idempotencyKey` a retry is
 * safe even if the write did land before the connection dropped. `cause` is the Redis client's error.
 */
export class FynoQueueUnavailableError extends FynoError {
  constructor(cause: unknown) {
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    super(`Redis is unavailable; the notification was not enqueued${detail}`, 'connection_error', { cause });
  }
}
