/** What `FynoModule` is configured with: the core client's options plus the notify route and shutdown. */
import type { FynoOptions, QueueOptions } from '@fyno-kit/core';
import type { FynoEnqueuer } from './fyno-queue';
import type { NotifyPolicy } from '@fyno-kit/core/server';

/**
 * The notify route `useNotify()` calls: the core policy (who is asking, which events they may fire)
 * plus where it listens. It sends with the module's client unless `client` names another.
 *
 * @typeParam TRequest - the request `identify` and the rule hooks receive (Express `Request` on
 * `@nestjs/platform-express`).
 */
export interface FynoNotifyRouteOptions<TRequest = any> extends NotifyPolicy<TRequest> {
  /**
   * The client the route sends with. Default: the module's `Fyno` client (whose calls `app.close()`
   * waits for). Give one only to send browser-triggered events differently, e.g. with a shorter
   * `timeoutMs`; its lifecycle is then yours.
   */
  client?: NotifyPolicy<TRequest>['client'];
  /**
   * Full URL path of the route, default `api/fyno/notify` (`useNotify()`'s default endpoint). It is
   * registered on the HTTP server itself, so `app.setGlobalPrefix()` is not added to it. A literal
   * path: letters, digits and `-._~/` only.
   */
  path?: string;
}

/** Options of `FynoModule.forRoot()`, and what a `forRootAsync()` factory returns. */
export interface FynoModuleOptions extends FynoOptions {
  /** Serve the browser notify route (the handler in `@fyno-kit/core/server`). Off when absent. */
  notifyRoute?: FynoNotifyRouteOptions;
  /**
   * The queue `@InjectFynoQueue()` gives: options of the client's in-process queue (default), or a
   * durable queue such as `createFynoQueue({ connection })` from `@fyno-kit/bullmq`, whose workers
   * send from another process. Either way app code calls `enqueue(event, payload, options?)`.
   */
  queue?: QueueOptions | FynoEnqueuer;
  /**
   * On `app.close()`, how long to wait for the client's calls in flight before releasing its
   * connection pool anyway. Default 10 000 ms.
   */
  shutdownTimeoutMs?: number;
}

/** A class for `forRootAsync({ useClass })` / `useExisting`: Nest calls its `createFynoOptions()`. */
export interface FynoOptionsFactory {
  createFynoOptions(): FynoModuleOptions | Promise<FynoModuleOptions>;
}
