/** `FynoModule`: the shared `Fyno` client, the optional notify route, the send-later queue and a graceful close. */
import { Fyno } from '@fyno-kit/core';
import { createNotifyRoute, type NotifyRoute } from '@fyno-kit/core/server';
import { type DynamicModule, Inject, Logger, Module, type NestModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type {
  FynoModuleAsyncOptions,
  FynoModuleExtras,
  FynoModuleOptions,
  FynoNotifyRouteDeclaration,
  FynoNotifyRouteOptions,
  FynoOptionsFactory,
  FynoPlatformRequest,
} from './fyno-options';
import { createFynoQueue, externalQueue } from './fyno-queue';
import { FynoRoutes } from './fyno-routes';
import { normalizeNotifyPath } from './notify-path';
import { installPlatformHooks } from './platform-hooks';
import { createRouteController } from './route-controller';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, FYNO_CLIENT, FYNO_MODULE_OPTIONS, FYNO_NOTIFY_PATH, FYNO_NOTIFY_ROUTE, FYNO_QUEUE } from './tokens';

/**
 * The core route for `notifyRoute`, sending with the module's client unless it names another. With
 * `forRootAsync`, the path and guards were declared beside the factory, and the factory gives the rest.
 */
function createRoute(options: FynoModuleOptions, fyno: Fyno, declared: FynoNotifyRouteDeclaration | null, async: boolean): NotifyRoute | null {
  const notify = options?.notifyRoute;
  if (async && notify && (notify.path !== undefined || notify.guards !== undefined || notify.controller !== undefined)) {
    throw new TypeError(
      'FynoModule.forRootAsync: notifyRoute.path, guards and controller shape the controller, made before the factory runs: give them in forRootAsync({ notifyRoute: { path, guards, controller } }), not from the factory',
    );
  }
  if (declared === null) {
    if (notify)
      throw new TypeError('FynoModule.forRootAsync: the factory returned a notifyRoute, so declare the route: forRootAsync({ notifyRoute: {}, useFactory })');
    return null;
  }
  if (!notify) throw new TypeError('FynoModule.forRootAsync: notifyRoute is declared, but the factory returned none: return notifyRoute: { identify, events }');
  const { path: _path, guards: _guards, controller: _controller, ...policy } = notify;
  return createNotifyRoute({ ...policy, client: policy.client ?? fyno });
}

/** What `forRoot` and `forRootAsync` share: the client, queue and route providers, and the controller. */
function definition(
  extras: FynoModuleExtras,
  declared: FynoNotifyRouteDeclaration | null,
  async: boolean,
  optionsProviders: Provider[],
  imports: DynamicModule['imports'] = [],
): DynamicModule {
  const path = declared === null ? null : normalizeNotifyPath(declared.path);
  const ownController = declared !== null && declared.controller !== false;
  if (!ownController && declared?.guards !== undefined) {
    throw new TypeError(
      "FynoModule: notifyRoute.guards guard the module's controller, and controller: false mounts none: put them on your own controller (@UseGuards)",
    );
  }
  // The service is there whenever the route is: injecting it without a route fails at startup.
  const routes = declared === null ? [] : [FynoRoutes];
  return {
    module: FynoModule,
    global: extras.isGlobal === true,
    imports,
    // The route comes from its provider: a `forRootAsync` factory gives its policy after the class is made.
    controllers:
      path === null || !ownController
        ? []
        : [createRouteController('notify', path, { token: FYNO_NOTIFY_ROUTE }, { status: 202, guards: declared?.guards ?? [] })],
    providers: [
      ...optionsProviders,
      { provide: Fyno, useFactory: (options: FynoModuleOptions) => new Fyno(options?.client), inject: [FYNO_MODULE_OPTIONS] },
      { provide: FYNO_CLIENT, useExisting: Fyno },
      { provide: FYNO_QUEUE, useFactory: createFynoQueue, inject: [FYNO_MODULE_OPTIONS, Fyno] },
      {
        provide: FYNO_NOTIFY_ROUTE,
        useFactory: (options: FynoModuleOptions, fyno: Fyno) => createRoute(options, fyno, declared, async),
        inject: [FYNO_MODULE_OPTIONS, Fyno],
      },
      { provide: FYNO_NOTIFY_PATH, useValue: path },
      ...routes,
    ],
    exports: [Fyno, FYNO_CLIENT, FYNO_QUEUE, FYNO_MODULE_OPTIONS, ...routes],
  };
}

/** The options provider of `forRootAsync`: from a factory, a `FynoOptionsFactory` class, or an existing one. */
function asyncOptionsProviders(options: FynoModuleAsyncOptions): Provider[] {
  if (options.useFactory) return [{ provide: FYNO_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }];
  const factory = options.useClass ?? options.useExisting;
  if (!factory) throw new TypeError('FynoModule.forRootAsync needs useFactory, useClass or useExisting');
  return [
    ...(options.useClass ? [{ provide: options.useClass, useClass: options.useClass }] : []),
    { provide: FYNO_MODULE_OPTIONS, useFactory: (f: FynoOptionsFactory) => f.createFynoOptions(), inject: [factory] },
  ];
}

/**
 * Provides one `Fyno` client (inject it by class, or with `@InjectFyno()`), serves the browser notify
 * route when `notifyRoute` is set (or, with `controller: false`, gives it to your controller as
 * `FynoRoutes`), and on `app.close()` lets calls in flight finish before closing the client's
 * connection pool.
 *
 * @example
 * FynoModule.forRootAsync({
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ client: { workspaceId: config.get('FYNO_WSID'), apiKey: config.get('FYNO_API_KEY') } }),
 *   isGlobal: true,
 * })
 */
@Module({})
export class FynoModule implements NestModule, OnApplicationShutdown {
  readonly #logger = new Logger('FynoModule');
  #shutdown: Promise<void> | undefined;

  /**
   * The module with these options, and the notify controller when `notifyRoute` is set.
   * `TRequest` is what `notifyRoute.identify` annotates its `req` as, else `FynoPlatformRequest`.
   */
  static forRoot<TRequest = FynoPlatformRequest>(
    options: Omit<FynoModuleOptions, 'notifyRoute'> & FynoModuleExtras & { notifyRoute?: FynoNotifyRouteOptions<TRequest> },
  ): DynamicModule {
    const { isGlobal, ...moduleOptions } = options ?? {};
    const route = moduleOptions.notifyRoute;
    const declared = route ? { path: route.path, guards: route.guards, controller: route.controller } : null;
    return definition({ isGlobal }, declared, false, [{ provide: FYNO_MODULE_OPTIONS, useValue: moduleOptions }]);
  }

  /**
   * The module with options from a factory. The notify controller is made now, so a route is
   * declared here (`notifyRoute: { path, guards }`, or `{}`) and the factory returns its policy.
   */
  static forRootAsync(options: FynoModuleAsyncOptions): DynamicModule {
    return definition(options, options.notifyRoute ?? null, true, asyncOptionsProviders(options), options.imports);
  }

  // Explicit @Inject everywhere: this class must not depend on how a consumer's build emits metadata.
  constructor(
    @Inject(FYNO_MODULE_OPTIONS) private readonly options: FynoModuleOptions,
    @Inject(Fyno) private readonly fyno: Fyno,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(FYNO_NOTIFY_ROUTE) private readonly notifyRoute: NotifyRoute | null,
    @Inject(FYNO_NOTIFY_PATH) private readonly notifyPath: string | null,
  ) {}

  /**
   * Nest runs this after it mounted its body parsers and before it registers routes: the one moment
   * to hand the parser's refusals on the route's path to the route (see platform-hooks.ts).
   */
  configure(): void {
    if (this.notifyRoute === null || this.notifyPath === null) return;
    installPlatformHooks({
      adapter: this.adapterHost?.httpAdapter,
      controllerPath: this.notifyPath,
      maxBodyBytes: this.notifyRoute.maxBodyBytes,
      bodyTimeoutMs: this.notifyRoute.bodyTimeoutMs,
    });
  }

  /**
   * Nest calls this after the HTTP server has closed (so notify-route requests are done). Waits for
   * the client's calls in flight, then closes its pool, within `shutdownTimeoutMs`.
   */
  onApplicationShutdown(): Promise<void> {
    this.#shutdown ??= this.#close();
    return this.#shutdown;
  }

  async #close(): Promise<void> {
    const timeoutMs = this.options?.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      timer.unref?.();
    });
    const work = (async () => {
      await externalQueue(this.options)?.close?.();
      // close() refuses new calls, drains the client's send-later queues, waits for the calls in
      // flight and then releases the pool, all within the same budget.
      await this.fyno.close(timeoutMs);
      return 'closed' as const;
    })();
    try {
      const outcome = await Promise.race([work, timedOut]).catch((error: unknown) => {
        // A failing flush or close must not stop the rest of the app from shutting down.
        this.#logger.error(`Closing the Fyno client failed: ${error instanceof Error ? error.message : String(error)}`);
        return 'failed' as const;
      });
      if (outcome === 'timeout') {
        this.#logger.warn(`Fyno client was still closing after ${timeoutMs} ms; app shutdown goes on`);
        // Not awaited: app.close() keeps its time limit.
        work.catch(() => undefined);
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
