/** A per-request timer that aborts after `timeoutMs`, chained to the caller's signal. */

/** The abort signal of one request, and whether it was the timer (not the caller) that fired. */
export interface RequestTimeout {
  signal: AbortSignal;
  timedOut(): boolean;
  /** Clears the timer and the listener on the caller's signal. */
  done(): void;
}

/** Starts the timer. Call `done()` when the request settles. */
export function requestTimeout(timeoutMs: number, signal: AbortSignal | undefined): RequestTimeout {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(signal?.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
