/**
 * The client a route uses when the policy names none: `new Fyno()` from `FYNO_*` variables, built on
 * first use. It imports this package by its own name, so the host picks the entry by its export
 * conditions (undici on Node, fetch on Bun, Deno and edge runtimes), and a bundler resolves the same
 * way: the specifier is a literal, because workerd refuses a bundle with a computed one
 * ("dynamic module specifiers are unsupported") even when the policy passes `client`.
 */
import type { NotifyRouteClient } from './policy-types';

// tsup defines it per output format (true in dist/*.cjs).
declare const __FYNO_KIT_CJS__: boolean;

/** Returns a loader that creates the default client once and then reuses it. */
export function lazyDefaultClient(): () => Promise<NotifyRouteClient> {
  let client: Promise<NotifyRouteClient> | undefined;
  return () => {
    client ??= (async () => {
      // External in this package's own build (tsup.config.ts): the server entry bundles no second
      // client. The CommonJS build requires it: `import()` in CommonJS fails under Jest's default mode.
      const core = (__FYNO_KIT_CJS__ ? require('@fyno-kit/core') : await import('@fyno-kit/core')) as unknown as {
        Fyno: new () => NotifyRouteClient;
      };
      return new core.Fyno();
    })().catch((error: unknown) => {
      // Missing configuration is reported on every call until it is fixed, not cached forever.
      client = undefined;
      throw error;
    });
    return client;
  };
}
