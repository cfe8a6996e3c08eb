/**
 * Tracks the client's calls in flight, so `app.close()` can let them finish before the pool closes.
 * Closing the pool under a call that is waiting to retry would lose that notification.
 */

/** The promises of calls that have started and not settled yet. */
export class InFlight {
  readonly #pending = new Set<Promise<unknown>>();

  /** Calls not settled yet. */
  get size(): number {
    return this.#pending.size;
  }

  /** Remembers `promise` until it settles; returns it unchanged. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.#pending.add(promise);
    const forget = (): void => {
      this.#pending.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }

  /** Resolves once nothing is pending, including calls started while waiting (e.g. by a retry hook). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}

/**
 * Routes every promise-returning method of `target` (own class and its bases) through `inFlight`,
 * as own properties, so `instanceof` and private fields keep working. Methods added to the core
 * client later are covered without a change here.
 */
export function trackCalls(target: object, inFlight: InFlight, skip: readonly string[] = []): void {
  const seen = new Set<string>(['constructor', ...skip]);
  for (let proto = Object.getPrototypeOf(target); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (seen.has(name)) continue;
      seen.add(name);
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      const original: unknown = descriptor?.value;
      if (typeof original !== 'function') continue;
      Object.defineProperty(target, name, {
        configurable: true,
        writable: true,
        enumerable: false,
        value: function tracked(this: unknown, ...args: unknown[]): unknown {
          const result: unknown = original.apply(this, args);
          return result instanceof Promise ? inFlight.track(result) : result;
        },
      });
    }
  }
}
