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

/** `useNotify()`'s default endpoint, where the notify route answers unless `notifyRoute.path` says otherwise (see notify-path.ts). */
export const DEFAULT_NOTIFY_PATH = 'api/fyno/notify';

/** How long `app.close()` waits for the client's calls in flight before releasing the pool anyway. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** Internal: the core notify route built from `notifyRoute` (undefined when there is none). */
export const FYNO_NOTIFY_ROUTE: symbol = Symbol.for('@fyno-kit/nest:FYNO_NOTIFY_ROUTE');

/** Internal: the notify controller class of one `forRoot` / `forRootAsync` call. */
export const FYNO_NOTIFY_CONTROLLER: symbol = Symbol.for('@fyno-kit/nest:FYNO_NOTIFY_CONTROLLER');
