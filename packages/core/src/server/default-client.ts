/**
 * The client a route uses when the policy names none: `new Fyno()` from `FYNO_*` variables, built on
 * first use. It is loaded through a dynamic import of this package's own name, so the host picks
 * the entry by its export conditions (undici on Node, fetch on edge runtimes) and the server entry
 * does not bundle a second client.
 */
import type { NotifyClient } from './types';

// tsup defines it per output format (true in dist/*.cjs).
declare const __FYNO_KIT_CJS__: boolean;

// Held in a variable so bundlers leave the import to the runtime instead of inlining a copy.
const CORE_PACKAGE = '@fyno-kit/core';

/** Returns a loader that creates the default client once and then reuses it. */
export function lazyDefaultClient(): () => Promise<NotifyClient> {
  let client: Promise<NotifyClient> | undefined;
  return () => {
    client ??= (async () => {
      // The CommonJS build requires it: `import()` in CommonJS fails under Jest's default mode.
      const core = (
        __FYNO_KIT_CJS__ ? require(CORE_PACKAGE) : await import(/* webpackIgnore: true */ /* @vite-ignore */ CORE_PACKAGE)
      ) as { Fyno: new () => NotifyClient };
      return new core.Fyno();
    })().catch((error: unknown) => {
      // Missing configuration is reported on every call until it is fixed, not cached forever.
      client = undefined;
      throw error;
    });
    return client;
  };
}
