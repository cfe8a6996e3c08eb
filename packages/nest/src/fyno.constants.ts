/**
 * Injection tokens. `Symbol.for` keeps them equal when both the ESM and the CJS build of this package
 * end up loaded in one process.
 */

/** Token of the shared `Fyno` client (the same instance as injecting the `Fyno` class). */
export const FYNO_CLIENT: symbol = Symbol.for('@fyno-kit/nest:FYNO_CLIENT');

/** Token of the options given to `FynoModule.forRoot` (or returned by the `forRootAsync` factory). */
export const FYNO_MODULE_OPTIONS: symbol = Symbol.for('@fyno-kit/nest:FYNO_MODULE_OPTIONS');

/** Token of the module's send-later queue (`@InjectFynoQueue()`). */
export const FYNO_QUEUE: symbol = Symbol.for('@fyno-kit/nest:FYNO_QUEUE');

/** Where the notify route listens unless `notifyRoute.path` says otherwise; `useNotify()`'s default endpoint. */
export const DEFAULT_NOTIFY_PATH = 'api/fyno/notify';

/** How long `app.close()` waits for the client's calls in flight before releasing the pool anyway. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
