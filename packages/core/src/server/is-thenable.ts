/**
 * True for a promise or any thenable. The exchange loop and the notify route await only what really
 * is asynchronous: each `await` of a plain value costs a turn of the microtask queue, and an accepted
 * request went through a dozen of them (tooling/bench/RESULTS.md).
 */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}
