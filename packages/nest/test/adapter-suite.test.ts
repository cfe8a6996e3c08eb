/**
 * The shared notify-route contract over real HTTP against Nest apps on platform-express and
 * platform-fastify, with the emulator upstream: with the platform's JSON parser on (the default), with
 * `rawBody: true`, and on Express with the parser off (the route reads the stream itself).
 */
import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { All, Catch, Controller, HttpCode, Inject, Module, Req, Res, type ArgumentsHost, type ExceptionFilter, type INestApplication } from '@nestjs/common';
import { BaseExceptionFilter, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import { runAdapterSuite, SUITE_REQUEST_TIMEOUT_MS, type SuiteEmulator, type SuitePolicy } from '@fyno-kit/test-support/adapter-suite';
import { FynoModule, FynoNotifyRefusal, FynoRoutes, type FynoModuleOptions, type FynoPlatformRequest } from '../src/index';

/**
 * `{ order: string }`, other keys stripped: a hand-written Standard Schema (what zod ≥ 3.24 exposes),
 * so this package needs no validator dependency. Messages never echo the input.
 */
const orderSchema = {
  '~standard': {
    version: 1 as const,
    vendor: 'fyno-kit-test',
    validate(value: unknown) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return { issues: [{ message: 'Expected an object' }] };
      }
      const order = (value as { order?: unknown }).order;
      if (typeof order !== 'string') return { issues: [{ message: 'Expected a string', path: ['order'] }] };
      return { value: { order } };
    },
  },
};

type Variant = {
  name: string;
  platform: 'express' | 'fastify';
  create: (module: unknown) => Promise<INestApplication>;
  parserInFront: boolean;
  /** The app's own controller serves the route through `FynoRoutes` (`controller: false`); Nest's default filter writes its refusals. */
  ownController?: boolean;
};

/** The second way: the app's controller at the route's default path runs it through `FynoRoutes`. */
@Controller('api/fyno/notify')
class AppNotifyController {
  constructor(@Inject(FynoRoutes) private readonly routes: FynoRoutes) {}

  @All()
  @HttpCode(202)
  notify(@Req() req: FynoPlatformRequest, @Res({ passthrough: true }) res: unknown) {
    return this.routes.notify(req, res);
  }
}

const variants: Variant[] = [
  {
    name: 'Nest (forRootAsync, default JSON parser)',
    platform: 'express',
    create: (m) => NestFactory.create(m as never, { logger: false }),
    parserInFront: true,
  },
  {
    name: 'Nest (forRoot, rawBody: true)',
    platform: 'express',
    create: (m) => NestFactory.create<NestExpressApplication>(m as never, { logger: false, rawBody: true }),
    parserInFront: true,
  },
  {
    name: 'Nest (forRootAsync, bodyParser: false)',
    platform: 'express',
    create: (m) => NestFactory.create(m as never, { logger: false, bodyParser: false }),
    parserInFront: false,
  },
  {
    name: 'Nest+Fastify (forRootAsync, default JSON parser)',
    platform: 'fastify',
    create: (m) => NestFactory.create<NestFastifyApplication>(m as never, new FastifyAdapter(), { logger: false }),
    parserInFront: true,
  },
  {
    name: "Nest, FynoRoutes in the app's controller (forRoot, default JSON parser)",
    platform: 'express',
    create: (m) => NestFactory.create(m as never, { logger: false }),
    parserInFront: true,
    ownController: true,
  },
  {
    name: "Nest+Fastify, FynoRoutes in the app's controller (forRootAsync, default JSON parser)",
    platform: 'fastify',
    create: (m) => NestFactory.create<NestFastifyApplication>(m as never, new FastifyAdapter(), { logger: false }),
    parserInFront: true,
    ownController: true,
  },
  {
    name: 'Nest+Fastify (forRoot, rawBody: true)',
    platform: 'fastify',
    create: (m) => NestFactory.create<NestFastifyApplication>(m as never, new FastifyAdapter(), { logger: false, rawBody: true }),
    parserInFront: true,
  },
];

for (const variant of variants) {
  let emu: SuiteEmulator;
  runAdapterSuite(variant.name, {
    async start(policy: SuitePolicy) {
      const options: FynoModuleOptions = {
        client: { workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl },
        notifyRoute: { ...(policy as FynoModuleOptions['notifyRoute'])!, ...(variant.ownController ? { controller: false } : {}) },
      };
      const fyno = variant.name.includes('forRootAsync')
        ? FynoModule.forRootAsync({
            notifyRoute: variant.ownController ? { controller: false } : {},
            useFactory: async () => ({ ...options, notifyRoute: policy as FynoModuleOptions['notifyRoute'] }),
          })
        : FynoModule.forRoot(options);
      @Module({ imports: [fyno], controllers: variant.ownController ? [AppNotifyController] : [] })
      class AppModule {}
      const app = await variant.create(AppModule);
      const appErrors: unknown[] = [];
      if (variant.ownController) {
        // The route's refusals reach the app's filters by design: Nest's default one writes them, and
        // anything else that reaches it is recorded (it must stay empty).
        class AppFilter extends BaseExceptionFilter {
          override catch(exception: unknown, host: ArgumentsHost): void {
            if (!(exception instanceof FynoNotifyRefusal)) appErrors.push(exception);
            super.catch(exception, host);
          }
        }
        app.useGlobalFilters(new AppFilter(app.getHttpAdapter()));
      }
      // Otherwise the app's own error handler: a global filter that records whatever reaches it.
      @Catch()
      class RecordingFilter implements ExceptionFilter {
        catch(exception: unknown, host: ArgumentsHost): void {
          appErrors.push(exception);
          const res = host.switchToHttp().getResponse<{
            statusCode?: number;
            status?: (code: number) => { send: (body: string) => void };
            code?: (code: number) => { send: (body: string) => void };
            end?: (body: string) => void;
          }>();
          const send = res.code ?? res.status;
          if (send) send.call(res, 500).send('{"handledBy":"app"}');
        }
      }
      if (!variant.ownController) app.useGlobalFilters(new RecordingFilter());
      if (variant.platform === 'express' && variant.parserInFront) {
        // Nest's parser reads the body before the route: only the server bounds a slow one, served as
        // the deploying guide says (requestTimeout set when the server is created).
        await app.init();
        const server: Server = createServer({ requestTimeout: SUITE_REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 250 }, app.getHttpAdapter().getInstance());
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const { port } = server.address() as AddressInfo;
        const close = async () => {
          server.closeAllConnections();
          await new Promise((resolve) => server.close(resolve));
          await app.close();
        };
        return { url: `http://127.0.0.1:${port}/api/fyno/notify`, close, appErrors: () => appErrors };
      }
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as AddressInfo;
      return { url: `http://127.0.0.1:${port}/api/fyno/notify`, close: () => app.close(), appErrors: () => appErrors };
    },
    startEmulator: async (options) => {
      emu = await startEmulator({ ...options, quiet: true });
      return emu;
    },
    createClient: (options: FynoOptions) => new Fyno(options),
    orderSchema,
    // Nest's own parser reads the body before the route: an aborted upload is its business. A slow
    // one is bounded by the route's bodyTimeoutMs on Fastify, by the server on Express.
    routeReadsBody: !variant.parserInFront,
    slowBody: variant.platform === 'express' && variant.parserInFront ? 'server' : 'route',
  });
}
