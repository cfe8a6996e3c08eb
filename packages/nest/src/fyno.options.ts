/** What `FynoModule` is configured with: the core client's options plus the notify route and shutdown. */
import type { IncomingHttpHeaders } from 'node:http';
import type { CanActivate, Type } from '@nestjs/common';
import type { FynoOptions, QueueOptions } from '@fyno-kit/core';
import type { FynoEnqueuer } from './fyno-queue';
import type { NotifyPolicy } from '@fyno-kit/core/server';

/**
 * The notify route `useNotify()` calls: the core policy (who is asking, which events they may fire)
 * plus where it listens and which guards it adds. It is a Nest controller: the app's global guards,
 * interceptors and pipes run for it. It sends with the module's client unless `client` names another.
 *
 * @typeParam TRequest - the request `identify` and the rule hooks receive, after the guards ran:
 * Express `Request` on `@nestjs/platform-express`, `FastifyRequest` on `@nestjs/platform-fastify`.
 * Name it (`FynoNotifyRouteOptions<FastifyRequest>`) or annotate `req`. The default `never` accepts
 * any annotated `identify` and lets no unannotated `req` be used (it is never `any`). Inline in
 * `FynoModule.forRoot({ notifyRoute })`, an unannotated `req` is a `FynoPlatformRequest`.
 */
export interface FynoNotifyRouteOptions<TRequest = never> extends NotifyPolicy<TRequest> {
  /**
   * The client the route sends with. Default: the module's `Fyno` client (whose calls `app.close()`
   * waits for). Give one only to send browser-triggered events differently, e.g. with a shorter
   * `timeoutMs`; its lifecycle is then yours.
   */
  client?: NotifyPolicy<TRequest>['client'];
  /**
   * The route's controller path; the app's global prefix goes in front of it, as for any controller.
   * Default: `useNotify()`'s endpoint `/api/fyno/notify`, i.e. `api/fyno/notify` without a global
   * prefix and `fyno/notify` under `setGlobalPrefix('api')`. A literal path: letters, digits and
   * `-._~/` only.
   */
  path?: string;
  /**
   * Guards for this route only, run after the app's global guards: classes (built by Nest in
   * `FynoModule`'s scope, so their dependencies must be global providers or come through
   * `forRootAsync`'s `imports`) or instances. E.g. `[ThrottlerGuard]` from `@nestjs/throttler`.
   */
  guards?: Array<Type<CanActivate> | CanActivate>;
}

/**
 * What the request `identify` gets has on both Nest platforms (Express `Request` and `FastifyRequest`
 * fit it), after the app's guards ran. `user` is what an auth guard (Passport's `AuthGuard`) left:
 * `unknown` until you say what it is, e.g. `identify: (req: { user?: User }) => req.user?.id ?? null`.
 */
export interface FynoPlatformRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body?: unknown;
  readonly user?: unknown;
}

/** Options of `FynoModule.forRoot()`, and what a `forRootAsync()` factory returns. */
export interface FynoModuleOptions extends FynoOptions {
  /**
   * Serve the browser notify route (the handler in `@fyno-kit/core/server`). Off when absent.
   * `never` accepts a route written for any request type; `FynoModule.forRoot()` gives an
   * unannotated `identify` the `FynoPlatformRequest`.
   */
  notifyRoute?: FynoNotifyRouteOptions<never>;
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
