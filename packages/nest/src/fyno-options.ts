/** What `FynoModule` is configured with: the core client's options, the notify route, the queue and shutdown. */
import type { IncomingHttpHeaders } from 'node:http';
import type { FynoOptions, QueueOptions } from '@fyno-kit/core';
import type { NotifyPolicy } from '@fyno-kit/core/server';
import type { CanActivate, InjectionToken, ModuleMetadata, OptionalFactoryDependency, Type } from '@nestjs/common';
import type { FynoEnqueuer } from './fyno-queue';

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
   * Default `api/fyno/notify`: `useNotify()`'s endpoint `/api/fyno/notify` without a global prefix.
   * Under `setGlobalPrefix('api')`, give `path: 'fyno/notify'`. A literal path: letters, digits and
   * `-._~/` only. With `forRootAsync`, give it in `forRootAsync`'s own `notifyRoute`.
   */
  path?: string;
  /**
   * Guards for this route only, run after the app's global guards: classes (built by Nest in
   * `FynoModule`'s scope, so their dependencies must be global providers or come through
   * `forRootAsync`'s `imports`) or instances. E.g. `[ThrottlerGuard]` from `@nestjs/throttler`.
   * With `forRootAsync`, give them in `forRootAsync`'s own `notifyRoute`.
   */
  guards?: Array<Type<CanActivate> | CanActivate>;
  /**
   * `false`: build the route but mount no controller of the module's own; the app serves it from a
   * controller of its own with the injected `FynoRoutes` (`routes.notify(req, res)`), under its own
   * path, guards and decorators. `path` then names that controller's path, so the platform parser's
   * refusals there are handed to the route (see the README). Default `true`. With `forRootAsync`,
   * give it in `forRootAsync`'s own `notifyRoute`.
   */
  controller?: boolean;
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
export interface FynoModuleOptions {
  /**
   * The core client's options (`workspaceId`, `apiKey`, `version`, `baseUrl`, `timeoutMs`, …; each
   * falls back to its `FYNO_*` variable). Default: all from the environment.
   */
  client?: FynoOptions;
  /**
   * Serve the browser notify route (the handler in `@fyno-kit/core/server`), from the module's own
   * controller or (`controller: false`) from yours through `FynoRoutes`. Off when absent. With
   * `forRootAsync`, the factory gives the policy and `forRootAsync`'s own `notifyRoute` the path and
   * guards. `never` accepts a route written for any request type; `FynoModule.forRoot()` gives an
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

/** Module options of both `forRoot` and `forRootAsync`, beside the `FynoModuleOptions`. */
export interface FynoModuleExtras {
  /** Register the module globally, so feature modules inject `Fyno` without importing it. Default false. */
  isGlobal?: boolean;
}

/**
 * What shapes the notify controller, so it must be known when the module is created: in
 * `forRootAsync`, it goes beside the factory (`notifyRoute: { path, guards, controller }`, or `{}`
 * for the defaults), and the factory's `notifyRoute` gives the rest of the policy.
 */
export type FynoNotifyRouteDeclaration = Pick<FynoNotifyRouteOptions<never>, 'path' | 'guards' | 'controller'>;

/** A class for `forRootAsync({ useClass })` / `useExisting`: Nest calls its `createFynoOptions()`. */
export interface FynoOptionsFactory {
  createFynoOptions(): FynoModuleOptions | Promise<FynoModuleOptions>;
}

/** Options of `FynoModule.forRootAsync()`: the module options from a factory, class or existing provider. */
export interface FynoModuleAsyncOptions extends FynoModuleExtras {
  /** Modules whose providers the factory (and route guard classes) inject. */
  imports?: ModuleMetadata['imports'];
  /** What `useFactory` receives. */
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  useFactory?: (...args: any[]) => FynoModuleOptions | Promise<FynoModuleOptions>;
  useClass?: Type<FynoOptionsFactory>;
  useExisting?: Type<FynoOptionsFactory>;
  /** Serve the notify route, at this path and behind these guards; its policy comes from the factory. */
  notifyRoute?: FynoNotifyRouteDeclaration;
}
