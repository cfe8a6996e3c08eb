// A Nest app as a Nest CLI project builds it (CommonJS, decorators compiled by tsc), run against the
// packed tarballs: every FynoModule form (forRoot, forRootAsync useFactory / useClass / useExisting,
// isGlobal) serves the notify route behind a global guard, on each platform named on the command
// line, with a route-level ThrottlerGuard, and injects the client by class; the in-app session and
// preferences controllers answer in their routes' shape; an app's own controller serves the route
// through FynoRoutes (notifyRoute: { controller: false }).
//
//   node out/main.js <expected Nest major> express [fastify]
import 'reflect-metadata';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import {
  All,
  Controller,
  ForbiddenException,
  HttpCode,
  Inject,
  Injectable,
  Module,
  Req as NestReq,
  Res as NestRes,
  type CanActivate,
  type DynamicModule,
  type ExecutionContext,
} from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { Fyno } from '@fyno-kit/core';
import {
  createInappSessionController,
  createPreferencesController,
  FynoModule,
  FynoRoutes,
  InjectFyno,
  type FynoModuleOptions,
  type FynoOptionsFactory,
} from '@fyno-kit/nest';

type Req = { headers: Record<string, string | string[] | undefined>; user?: { id: string } };
const [expectedMajor = '', ...platforms] = process.argv.slice(2);
const event = `smoke_nest${expectedMajor}`;
const baseUrl = process.env.FYNO_BASE_URL!;

/** As Passport's JWT guard would: a user from the bearer token, 403 without one. */
@Injectable()
class BearerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Req>();
    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || !auth.startsWith('Bearer ')) throw new ForbiddenException();
    req.user = { id: auth.slice('Bearer '.length) };
    return true;
  }
}

function options(): FynoModuleOptions {
  return {
    client: { workspaceId: process.env.FYNO_WSID, apiKey: process.env.FYNO_API_KEY, baseUrl },
    notifyRoute: { identify: (req: Req) => req.user?.id ?? null, events: { [`${event}_route`]: {} } },
  };
}

@Injectable()
class FynoSettings implements FynoOptionsFactory {
  createFynoOptions(): FynoModuleOptions {
    return options();
  }
}
@Module({ providers: [FynoSettings], exports: [FynoSettings] })
class SettingsModule {}

@Injectable()
class OrdersService {
  constructor(
    private readonly fyno: Fyno,
    @InjectFyno() readonly byToken: Fyno,
  ) {}

  shipped(order: string) {
    return this.fyno.fire(event, { to: { email: 'nest@example.com' }, data: { order } });
  }
}
/** Does not import FynoModule: it resolves `Fyno` only when FynoModule is global. */
@Module({ providers: [OrdersService], exports: [OrdersService] })
class OrdersModule {}

/** The route with ThrottlerGuard on it alone: one request a minute. */
const throttled = (): DynamicModule[] => [
  ThrottlerModule.forRoot([{ ttl: 60_000, limit: 1 }]),
  // The guard shapes the controller, so it goes beside the factory, not in what it returns.
  FynoModule.forRootAsync({ useFactory: options, notifyRoute: { guards: [ThrottlerGuard] }, isGlobal: true }),
];

const variants: Record<string, () => DynamicModule> = {
  forRoot: () => FynoModule.forRoot({ ...options(), isGlobal: true }),
  'forRootAsync useFactory': () => FynoModule.forRootAsync({ useFactory: async () => options(), notifyRoute: {}, isGlobal: true }),
  'forRootAsync useClass': () => FynoModule.forRootAsync({ useClass: FynoSettings, notifyRoute: {}, isGlobal: true }),
  'forRootAsync useExisting': () => FynoModule.forRootAsync({ imports: [SettingsModule], useExisting: FynoSettings, notifyRoute: {}, isGlobal: true }),
};

/** The session and preferences controllers, given their routes directly (no provider). */
const routeControllers = [
  createInappSessionController({ identify: (req: Req) => req.user?.id ?? null, integrationId: 'smoke', integrationToken: 'smoke-secret' }),
  createPreferencesController({ identify: (req: Req) => req.user?.id ?? null, topics: { SSMOKE0001: true } }),
];

/** The second way: the app's own controller runs the module's route through FynoRoutes. */
@Controller('app/notify')
class AppNotifyController {
  constructor(@Inject(FynoRoutes) private readonly routes: FynoRoutes) {}

  @All()
  @HttpCode(202)
  notify(@NestReq() req: Req & { method: string; url: string }, @NestRes({ passthrough: true }) res: unknown) {
    return this.routes.notify(req, res);
  }
}

/** forRoot with no controller of the module's own; `path` is the app's, for the parser hand-off. */
const ownController = (): DynamicModule =>
  FynoModule.forRoot({ ...options(), notifyRoute: { ...options().notifyRoute!, controller: false, path: 'app/notify' }, isGlobal: true });

async function create(platform: string, module: DynamicModule | DynamicModule[], controllers: unknown[] = routeControllers) {
  @Module({
    imports: [...[module].flat(), OrdersModule],
    controllers: controllers as never[],
    providers: [{ provide: APP_GUARD, useClass: BearerGuard }],
  })
  class AppModule {}
  if (platform === 'fastify') {
    const { FastifyAdapter } = require('@nestjs/platform-fastify') as typeof import('@nestjs/platform-fastify');
    return NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
  }
  return NestFactory.create(AppModule, { logger: false });
}

async function post(origin: string, body: string, headers: Record<string, string>, path = '/api/fyno/notify') {
  const res = await fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, code: (JSON.parse(text) as { error?: { code?: string } }).error?.code };
}

async function messagesFor(distinctId: string): Promise<number> {
  const res = await fetch(`${baseUrl.replace(/\/v1$/, '')}/_emulator/messages?distinct_id=${encodeURIComponent(distinctId)}`);
  return ((await res.json()) as unknown[]).length;
}

async function main() {
  const nestVersion = (require('@nestjs/core/package.json') as { version: string }).version;
  assert.equal(nestVersion.split('.')[0], expectedMajor, `expected Nest ${expectedMajor}, got ${nestVersion}`);
  assert.ok(platforms.length > 0, 'name at least one platform');
  let routeChecks = 0;
  let requestId = '';
  for (const platform of platforms) {
    for (const [name, module] of Object.entries(variants)) {
      const app = await create(platform, module());
      await app.listen(0, '127.0.0.1');
      try {
        assert.equal(app.getHttpAdapter().getType(), platform);
        const origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
        const user = `u_nest${expectedMajor}_${platform}_${name.replace(/\W+/g, '_')}`;
        const body = JSON.stringify({ event: `${event}_route`, data: { order: 'A-1' } });
        assert.equal((await post(origin, body, {})).status, 403, `${platform} ${name}: the global guard runs first`);
        assert.deepEqual(await post(origin, body, { authorization: `Bearer ${user}` }), { status: 202, code: undefined }, `${platform} ${name}: 202`);
        assert.deepEqual(await post(origin, body, { authorization: `Bearer ${user}`, 'content-type': 'text/plain' }), {
          status: 415,
          code: 'unsupported_media_type',
        });
        assert.deepEqual(await post(origin, '{', { authorization: `Bearer ${user}` }), { status: 400, code: 'invalid_json' });
        assert.equal(await messagesFor(user), 1, `${platform} ${name}: one message for the user`);
        routeChecks++;
        for (const [path, allow] of [
          ['/api/fyno/inapp-session', 'POST'],
          ['/api/fyno/preferences', 'GET, POST'],
        ]) {
          const res = await fetch(`${origin}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${user}` } });
          const refused = { status: res.status, allow: res.headers.get('allow'), code: ((await res.json()) as { error?: { code?: string } }).error?.code };
          assert.deepEqual(refused, { status: 405, allow, code: 'method_not_allowed' }, `${platform} ${name}: ${path} answers in its route's shape`);
        }
        if (platform === platforms[0] && name === 'forRoot') {
          const orders = app.get(OrdersService);
          assert.ok(orders['fyno'] instanceof Fyno, 'Fyno injected by class');
          assert.equal(orders.byToken, orders['fyno'], 'the same instance by token');
          requestId = (await orders.shipped('A-1001')).request_id;
        }
      } finally {
        await app.close();
      }
    }
  }
  for (const platform of platforms) {
    const app = await create(platform, throttled());
    await app.listen(0, '127.0.0.1');
    try {
      const origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      const user = `u_nest${expectedMajor}_${platform}_throttled`;
      const body = JSON.stringify({ event: `${event}_route` });
      assert.equal((await post(origin, body, { authorization: `Bearer ${user}` })).status, 202);
      assert.equal((await post(origin, body, { authorization: `Bearer ${user}` })).status, 429, `${platform}: ThrottlerGuard on the route`);
      assert.equal(await messagesFor(user), 1);
    } finally {
      await app.close();
    }
  }
  for (const platform of platforms) {
    const app = await create(platform, ownController(), [AppNotifyController]);
    await app.listen(0, '127.0.0.1');
    try {
      const origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      const user = `u_nest${expectedMajor}_${platform}_own_controller`;
      const auth = { authorization: `Bearer ${user}` };
      const body = JSON.stringify({ event: `${event}_route` });
      const send = (text: string, headers: Record<string, string>) => post(origin, text, headers, '/app/notify');
      assert.equal((await send(body, {})).status, 403, `${platform} FynoRoutes: the global guard runs first`);
      assert.deepEqual(await send(body, auth), { status: 202, code: undefined }, `${platform} FynoRoutes: 202`);
      // Refusals thrown for the app's filters (Nest's default here) keep the route's code and status.
      assert.deepEqual(await send(JSON.stringify({ event: 'not_listed' }), auth), { status: 403, code: 'event_not_allowed' });
      assert.deepEqual(await send(body, { ...auth, 'content-type': 'text/plain' }), { status: 415, code: 'unsupported_media_type' });
      assert.deepEqual(await send('{', auth), { status: 400, code: 'invalid_json' }, `${platform} FynoRoutes: the parser's refusal handed to the route`);
      assert.equal((await send(body, auth)).status, 202);
      assert.equal((await post(origin, body, auth)).status, 404, `${platform} FynoRoutes: the module mounted no controller`);
      assert.equal(await messagesFor(user), 2);
    } finally {
      await app.close();
    }
  }
  console.log(
    `nest${expectedMajor}: Nest ${nestVersion} on ${platforms.join(' and ')}: ${routeChecks} module forms served the route (403/202/415/400), ThrottlerGuard on the route (429), FynoRoutes from the app's controller (403/202/403/415/400/404), fired request_id ${requestId}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
