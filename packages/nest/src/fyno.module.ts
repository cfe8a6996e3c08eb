/** `FynoModule`: the shared `Fyno` client, the optional notify route, and a graceful close. */
import { Inject, Logger, Module, type DynamicModule, type NestModule, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { Fyno } from '@fyno-kit/core';
import { createNotifyRoute, type NotifyRoute } from '@fyno-kit/core/server';
import { createFynoClient } from './fyno-client.factory';
import { createFynoQueue, externalQueue } from './fyno-queue';
import {
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  FYNO_CLIENT,
  FYNO_MODULE_OPTIONS,
  FYNO_NOTIFY_CONTROLLER,
  FYNO_NOTIFY_ROUTE,
  FYNO_QUEUE,
} from './fyno.constants';
import { ConfigurableModuleClass } from './fyno.module-definition';
import type { FynoModuleOptions, FynoNotifyRouteOptions, FynoPlatformRequest } from './fyno.options';
import { createNotifyController, type NotifyControllerInstance } from './notify.controller';
import { setUpNotifyRoute } from './notify-route.setup';

/** The core route for `notifyRoute`, sending with the module's client unless it names another. */
function createRoute(options: FynoModuleOptions, fyno: Fyno): NotifyRoute | undefined {
  const notify = options?.notifyRoute;
  if (!notify) return undefined;
  const { path: _path, guards: _guards, ...policy } = notify;
  return createNotifyRoute({ ...policy, client: policy.client ?? fyno });
}

/** Holds the controller class of one forRoot / forRootAsync call (a value provider cannot be undefined). */
interface ControllerSlot {
  controller: Type<NotifyControllerInstance> | undefined;
}

/** Adds a notify controller of its own to a dynamic module; `forRootAsync` adds one always, as its options come later. */
function withNotifyController(definition: DynamicModule, serve: boolean): DynamicModule {
  const controller = serve ? createNotifyController() : undefined;
  const slot: ControllerSlot = { controller };
  return {
    ...definition,
    controllers: [...(definition.controllers ?? []), ...(controller ? [controller] : [])],
    providers: [...(definition.providers ?? []), { provide: FYNO_NOTIFY_CONTROLLER, useValue: slot }],
  };
}

type ForRootOptions = Parameters<(typeof ConfigurableModuleClass)['forRoot']>[0];
type ForRootAsyncOptions = Parameters<(typeof ConfigurableModuleClass)['forRootAsync']>[0];

/**
 * Provides one `Fyno` client (inject it by class, or with `@InjectFyno()`), serves the browser notify
 * route when `notifyRoute` is set, and on `app.close()` lets calls in flight finish before closing
 * the client's connection pool.
 *
 * @example
 * FynoModule.forRootAsync({
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ workspaceId: config.get('FYNO_WSID'), apiKey: config.get('FYNO_API_KEY') }),
 *   isGlobal: true,
 * })
 */
@Module({
  providers: [
    { provide: Fyno, useFactory: createFynoClient, inject: [FYNO_MODULE_OPTIONS] },
    { provide: FYNO_CLIENT, useExisting: Fyno },
    { provide: FYNO_QUEUE, useFactory: createFynoQueue, inject: [FYNO_MODULE_OPTIONS, Fyno] },
    { provide: FYNO_NOTIFY_ROUTE, useFactory: createRoute, inject: [FYNO_MODULE_OPTIONS, Fyno] },
  ],
  exports: [Fyno, FYNO_CLIENT, FYNO_QUEUE, FYNO_MODULE_OPTIONS],
})
export class FynoModule extends ConfigurableModuleClass implements NestModule, OnApplicationShutdown {
  readonly #logger = new Logger('FynoModule');
  #shutdown: Promise<void> | undefined;

  /**
   * `ConfigurableModuleBuilder`'s `forRoot`, plus the notify controller when `notifyRoute` is set.
   * `TRequest` is what `notifyRoute.identify` annotates its `req` as, else `FynoPlatformRequest`.
   */
  static override forRoot<TRequest = FynoPlatformRequest>(
    options: Omit<ForRootOptions, 'notifyRoute'> & { notifyRoute?: FynoNotifyRouteOptions<TRequest> },
  ): DynamicModule {
    return withNotifyController(super.forRoot(options), options?.notifyRoute !== undefined);
  }

  /** `ConfigurableModuleBuilder`'s `forRootAsync`, plus a notify controller that has a route only if the factory returns `notifyRoute`. */
  static override forRootAsync(options: ForRootAsyncOptions): DynamicModule {
    return withNotifyController(super.forRootAsync(options), true);
  }

  // Explicit @Inject everywhere: this class must not depend on how a consumer's build emits metadata.
  constructor(
    @Inject(FYNO_MODULE_OPTIONS) private readonly options: FynoModuleOptions,
    @Inject(Fyno) private readonly fyno: Fyno,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(FYNO_NOTIFY_ROUTE) private readonly notifyRoute: NotifyRoute | undefined,
    @Inject(FYNO_NOTIFY_CONTROLLER) private readonly notifySlot: ControllerSlot,
  ) {
    super();
  }

  /**
   * Gives the notify controller its path and guards. Nest calls this in HTTP apps after its body
   * parsers are mounted and before it registers routes: the global prefix is known by now, and so
   * are the options of a `forRootAsync` factory.
   */
  async configure(): Promise<void> {
    const options = this.options?.notifyRoute;
    const controller = this.notifySlot?.controller;
    if (!options || !controller || !this.notifyRoute) return;
    await setUpNotifyRoute({
      controller,
      options,
      maxBodyBytes: this.notifyRoute.maxBodyBytes,
      bodyTimeoutMs: this.notifyRoute.bodyTimeoutMs,
      moduleRef: this.moduleRef,
      adapter: this.adapterHost?.httpAdapter,
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
