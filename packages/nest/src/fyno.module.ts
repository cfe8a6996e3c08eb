/** `FynoModule`: the shared `Fyno` client, the optional notify route, and a graceful close. */
import {
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Fyno } from '@fyno-kit/core';
import { createFynoClient, inFlightOf } from './fyno-client.factory';
import { createFynoQueue, externalQueue } from './fyno-queue';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, FYNO_CLIENT, FYNO_MODULE_OPTIONS, FYNO_QUEUE } from './fyno.constants';
import { ConfigurableModuleClass } from './fyno.module-definition';
import type { FynoModuleOptions } from './fyno.options';
import { registerNotifyRoute } from './notify.route';

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
  ],
  exports: [Fyno, FYNO_CLIENT, FYNO_QUEUE, FYNO_MODULE_OPTIONS],
})
export class FynoModule extends ConfigurableModuleClass implements OnModuleInit, OnApplicationShutdown {
  readonly #logger = new Logger('FynoModule');
  #shutdown: Promise<void> | undefined;

  // Explicit @Inject everywhere: this class must not depend on how a consumer's build emits metadata.
  constructor(
    @Inject(FYNO_MODULE_OPTIONS) private readonly options: FynoModuleOptions,
    @Inject(Fyno) private readonly fyno: Fyno,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {
    super();
  }

  /**
   * Registers the notify route. It runs here, not as a controller or middleware, because the path is
   * known only once a `forRootAsync` factory has run, and because by now every global and module
   * middleware (sessions, Passport, JWT) is registered ahead of it, so `identify` sees `req.user`.
   */
  onModuleInit(): void {
    const route = this.options?.notifyRoute;
    if (!route) return;
    const adapter = this.adapterHost?.httpAdapter;
    if (!adapter) {
      this.#logger.warn('notifyRoute is set but this Nest context has no HTTP server; the route is not served');
      return;
    }
    registerNotifyRoute(adapter, route, this.fyno);
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
      await inFlightOf(this.fyno)?.settled();
      await externalQueue(this.options)?.close?.();
      // close() first drains the client's send-later queues (within the same budget), then the pool.
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
        const pending = inFlightOf(this.fyno)?.size ?? 0;
        this.#logger.warn(`Fyno client still had ${pending} call(s) in flight after ${timeoutMs} ms; closing anyway`);
        // Not awaited: the pool closes once those calls end, and app.close() keeps its time limit.
        work.catch(() => undefined);
        this.fyno.close().catch(() => undefined);
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
