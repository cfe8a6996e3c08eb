/** TanStack Query's callback rules, shared by `useNotify()` and `usePreferences()`. */
import type { NotifyError } from './notify-error';

type Callback = ((...args: any[]) => unknown) | undefined;

/** Runs one callback and waits for it; a throw is reported as an unhandled rejection (as TanStack Query does), never passed on. */
export async function run(fn: Callback, ...args: unknown[]): Promise<void> {
  try {
    await (fn && fn(...args));
  } catch (error) {
    void Promise.reject(error);
  }
}

/**
 * onSuccess or onError, then onSettled: the order TanStack Query documents. `tail` ends each call:
 * `[variables]`, or `[variables, context]` (`usePreferences()` passes what `onMutate` returned).
 */
export async function runCallbacks(
  callbacks: { onSuccess?: Callback; onError?: Callback; onSettled?: Callback } | undefined,
  data: unknown,
  error: NotifyError<string> | null,
  ...tail: unknown[]
): Promise<void> {
  if (callbacks) {
    await (error ? run(callbacks.onError, error, ...tail) : run(callbacks.onSuccess, data, ...tail));
    await run(callbacks.onSettled, data, error, ...tail);
  }
}
