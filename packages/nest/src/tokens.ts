/**
 * Injection tokens and defaults. `Symbol.for` keeps the tokens equal when both the ESM and the CJS
 * build of this package end up loaded in one process.
 */

/** Token of the shared `Fyno` client (the same instance as injecting the `Fyno` class). */
export const FYNO_CLIENT: symbol = Symbol.for('@fyno-kit/nest:FYNO_CLIENT');

/** Token of the options given to `FynoModule.forRoot` (or returned by the `forRootAsync` factory). */
export const FYNO_MODULE_OPTIONS: symbol = Symbol.for('@fyno-kit/nest:FYNO_MODULE_OPTIONS');

/** Token of the module's send-later queue (`@InjectFynoQueue()`). */
export const FYNO_QUEUE: symbol = Symbol.for('@fyno-kit/nest:FYNO_QUEUE');

/**
 * The notify route's default controller path: `useNotify()`'s default endpoint, `/api/fyno/notify`,
 * in an app without a global prefix. Under `setGlobalPrefix('api')`, give `path: 'fyno/notify'`.
 */
export const DEFAULT_NOTIFY_PATH = 'api/fyno/notify';

/** How long `app.close()` waits for the client's calls in flight before releasing the pool anyway. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** Internal: the core notify route built from `notifyRoute` (null when there is none). */
export const FYNO_NOTIFY_ROUTE: symbol = Symbol.for('@fyno-kit/nest:FYNO_NOTIFY_ROUTE');

/** Internal: the notify controller's path as declared when the module was created (null: no route). */
export const FYNO_NOTIFY_PATH: symbol = Symbol.for('@fyno-kit/nest:FYNO_NOTIFY_PATH');
