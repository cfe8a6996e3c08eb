/**
 * What the Nest route adds over the shared contract, on platform-express and platform-fastify: it is
 * a controller behind the app's global guards, prefix and interceptors; route-level guards; the path
 * from an async factory; the platform parser's refusals in the route's shape; the rest of the app
 * left alone.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import {
  Catch,
  Controller,
  ForbiddenException,
  Injectable,
  Module,
  Post,
  type ArgumentsHost,
  type CallHandler,
  type CanActivate,
  type ExceptionFilter,
  type MiddlewareConsumer,
  type NestMiddleware,
  type NestModule,
  type ExecutionContext,
  type INestApplication,
  type NestInterceptor,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import type { Observable } from 'rxjs';
import { tap } from 'rxjs/operators';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FynoModule, type FynoModuleOptions, type FynoNotifyRouteOptions } from '../src/index';

/** Either platform's request, as far as these tests read it. */
type Req = { headers: Record<string, string | string[] | undefined>; user?: { id: string } };
type Platform = 'express' | 'fastify';

let emu: RunningEmulator;
const open: INestApplication[] = [];

beforeAll(async () => {
  emu = await startEmulator({ port: 0, events: '*', quiet: true });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()));
  emu.clear();
});
afterAll(async () => {
  await emu.stop();
});

function clientOptions(): FynoModuleOptions {
  return { client: { workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl } };
}

const byUser: FynoNotifyRouteOptions<Req> = { identify: (req) => req.user?.id, events: { order_shipped: {} } };

/** Passport-style global guard: signs the caller in from a bearer token, 403 without one. */
@Injectable()
class BearerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Req>();
    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || !auth.startsWith('Bearer ')) throw new ForbiddenException('sign in first');
    req.user = { id: auth.slice('Bearer '.length) };
    return true;
  }
}

/** Records every response body that comes back through it. */
const seenByInterceptor: unknown[] = [];
@Injectable()
class RecordingInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(tap((body) => seenByInterceptor.push(body)));
  }
}

/** Stands in for session middleware: signs the caller in from a header (on the Node request). */
@Injectable()
class SessionMiddleware implements NestMiddleware {
  use(req: Req, _res: unknown, next: () => void): void {
    const id = req.headers['x-session'];
    if (typeof id === 'string') req.user = { id };
    next();
  }
}

@Module({ providers: [SessionMiddleware] })
class SessionModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionMiddleware).forRoutes('*');
  }
}

/** An app-wide filter that reshapes every error: it must not reach the route's refusals. */
@Catch()
class ReshapeAllFilter implements ExceptionFilter {
  constructor(private readonly host: HttpAdapterHost) {}
  catch(_exception: unknown, context: ArgumentsHost): void {
    this.host.httpAdapter.reply(context.switchToHttp().getResponse(), { reshaped: true }, 418);
  }
}

@Controller('other')
class OtherController {
  @Post()
  echo(): { ok: true } {
    return { ok: true };
  }
}

interface StartOptions {
  providers?: unknown[];
  prefix?: string;
  /** Runs on the app before it listens. */
  setup?: (app: INestApplication) => void;
}

async function start(platform: Platform, imports: unknown[], options: StartOptions = {}): Promise<string> {
  @Module({ imports: imports as never[], controllers: [OtherController], providers: (options.providers ?? []) as never[] })
  class AppModule {}
  const app: INestApplication =
    platform === 'fastify'
      ? await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(AppModule, { logger: false });
  if (options.prefix) app.setGlobalPrefix(options.prefix);
  options.setup?.(app);
  await app.listen(0, '127.0.0.1');
  open.push(app);
  expect(app.getHttpAdapter().getType()).toBe(platform);
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

async function post(url: string, body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);
  const text = await res.text();
  const type = res.headers.get('content-type');
  // Outside a global prefix, Express's own 404 page is HTML.
  return { status: res.status, type, json: type?.startsWith('application/json') && text !== '' ? (JSON.parse(text) as any) : undefined };
}

const shipped = JSON.stringify({ event: 'order_shipped', data: { order: 'N-1' } });
const globalGuard = [{ provide: APP_GUARD, useClass: BearerGuard }];

describe('notify route on express with module middleware', () => {
  it("module middleware bound with forRoutes('*') under the global prefix runs before the route", async () => {
    const origin = await start(
      'express',
      [SessionModule, FynoModule.forRoot({ ...clientOptions(), notifyRoute: { ...byUser, path: 'fyno/notify' }, isGlobal: true })],
      {
        prefix: 'api',
      },
    );
    expect((await post(`${origin}/api/fyno/notify`, shipped, { 'x-session': 'u_middleware' })).status).toBe(202);
    expect(emu.messages({ distinct_id: 'u_middleware' })).toHaveLength(1);
  });
});

describe.each<Platform>(['express', 'fastify'])('notify route as a Nest controller on %s', (platform) => {
  it('a global guard runs first: 403 from the guard when signed out, 202 with one message when signed in', async () => {
    const origin = await start(platform, [FynoModule.forRoot({ ...clientOptions(), notifyRoute: byUser })], { providers: globalGuard });
    const denied = await post(`${origin}/api/fyno/notify`, shipped);
    expect(denied.status).toBe(403);
    expect(emu.requests()).toHaveLength(0);
    // The guard also runs before a body the platform's parser refused.
    expect((await post(`${origin}/api/fyno/notify`, '{')).status).toBe(403);
    expect(emu.requests()).toHaveLength(0);

    const accepted = await post(`${origin}/api/fyno/notify`, shipped, { authorization: 'Bearer u_guarded' });
    expect(accepted.status).toBe(202);
    expect(accepted.json.event).toBe('order_shipped');
    expect(emu.messages({ distinct_id: 'u_guarded' })).toHaveLength(1);
    expect(emu.messages()).toHaveLength(1);
  });

  it("the path is a controller path under the global prefix: path 'fyno/notify' under 'api' is /api/fyno/notify, a forRootAsync path goes under any prefix", async () => {
    const auth = { authorization: 'Bearer u_prefix' };
    const apiPrefix = await start(platform, [FynoModule.forRoot({ ...clientOptions(), notifyRoute: { ...byUser, path: 'fyno/notify' } })], {
      prefix: 'api',
      providers: globalGuard,
    });
    expect((await post(`${apiPrefix}/api/fyno/notify`, shipped, auth)).status).toBe(202);
    // The parser hand-off found the route under the prefix too.
    expect(await post(`${apiPrefix}/api/fyno/notify`, '{', auth)).toMatchObject({ status: 400, json: { error: { code: 'invalid_json' } } });
    expect((await post(`${apiPrefix}/fyno/notify`, shipped, auth)).status).toBe(404);

    // The default path is a controller path like any other: under 'api' it is /api/api/fyno/notify.
    const defaultPath = await start(platform, [FynoModule.forRoot({ ...clientOptions(), notifyRoute: byUser })], { prefix: 'api', providers: globalGuard });
    expect((await post(`${defaultPath}/api/api/fyno/notify`, shipped, auth)).status).toBe(202);
    expect((await post(`${defaultPath}/api/fyno/notify`, shipped, auth)).status).toBe(404);

    const v1 = await start(
      platform,
      [FynoModule.forRootAsync({ notifyRoute: { path: '/hooks/notify/' }, useFactory: async () => ({ ...clientOptions(), notifyRoute: byUser }) })],
      { prefix: 'v1', providers: globalGuard },
    );
    expect((await post(`${v1}/v1/hooks/notify`, shipped, auth)).status).toBe(202);
    expect((await post(`${v1}/hooks/notify`, shipped, auth)).status).toBe(404);
    expect((await post(`${v1}/v1/api/fyno/notify`, shipped, auth)).status).toBe(404);
    expect(emu.messages({ distinct_id: 'u_prefix' })).toHaveLength(3);
  });

  it("a global interceptor sees the route's 202 body", async () => {
    seenByInterceptor.length = 0;
    const origin = await start(platform, [FynoModule.forRoot({ ...clientOptions(), notifyRoute: byUser })], {
      providers: [...globalGuard, { provide: APP_INTERCEPTOR, useClass: RecordingInterceptor }],
    });
    const res = await post(`${origin}/api/fyno/notify`, shipped, { authorization: 'Bearer u_seen' });
    expect(res.status).toBe(202);
    expect(seenByInterceptor).toEqual([res.json]);
  });

  it("a global catch-all exception filter leaves the route's refusals in the route's shape", async () => {
    const origin = await start(platform, [FynoModule.forRoot({ ...clientOptions(), notifyRoute: byUser })], {
      providers: [{ provide: APP_FILTER, useClass: ReshapeAllFilter }],
    });
    expect(await post(`${origin}/api/fyno/notify`, shipped)).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' } } });
    expect(await post(`${origin}/api/fyno/notify`, '{')).toMatchObject({ status: 400, json: { error: { code: 'invalid_json' } } });
    // The rest of the app gets the app's filter.
    expect(await post(`${origin}/other`, '{')).toMatchObject({ status: 418, json: { reshaped: true } });
  });

  it('route-level guards: ThrottlerGuard on this route only, a class given through forRootAsync', async () => {
    const origin = await start(
      platform,
      [
        ThrottlerModule.forRoot([{ ttl: 60_000, limit: 2 }]),
        FynoModule.forRootAsync({ notifyRoute: { guards: [ThrottlerGuard] }, useFactory: () => ({ ...clientOptions(), notifyRoute: byUser }) }),
      ],
      { providers: globalGuard },
    );
    const auth = { authorization: 'Bearer u_throttled' };
    expect((await post(`${origin}/api/fyno/notify`, shipped, auth)).status).toBe(202);
    expect((await post(`${origin}/api/fyno/notify`, shipped, auth)).status).toBe(202);
    const limited = await post(`${origin}/api/fyno/notify`, shipped, auth);
    expect(limited.status).toBe(429);
    expect(emu.messages({ distinct_id: 'u_throttled' })).toHaveLength(2);
    // The rest of the app is not throttled.
    for (let i = 0; i < 3; i++) expect((await post(`${origin}/other`, '{}', auth)).status).toBe(201);
  });

  it('route-level guards: an instance that denies stops the request before the route', async () => {
    const deny: CanActivate = { canActivate: () => false };
    const origin = await start(platform, [FynoModule.forRoot({ ...clientOptions(), notifyRoute: { ...byUser, guards: [deny] } })], { providers: globalGuard });
    expect((await post(`${origin}/api/fyno/notify`, shipped, { authorization: 'Bearer u_denied' })).status).toBe(403);
    expect(emu.requests()).toHaveLength(0);
  });

  it('without notifyRoute (forRootAsync) nothing is served', async () => {
    const origin = await start(platform, [FynoModule.forRootAsync({ useFactory: () => clientOptions() })]);
    expect((await post(`${origin}/api/fyno/notify`, shipped)).status).toBe(404);
    expect(emu.requests()).toHaveLength(0);
  });

  it("the platform parser's refusals get the route's codes; nothing is sent", async () => {
    const origin = await start(platform, [FynoModule.forRoot({ ...clientOptions(), notifyRoute: byUser })], { providers: globalGuard });
    const auth = { authorization: 'Bearer u_refused' };
    const url = `${origin}/api/fyno/notify`;
    const refusals: Array<[string, Record<string, string>, number, string]> = [
      ['{"event":', {}, 400, 'invalid_json'],
      ['', {}, 400, 'invalid_json'],
      ['{"event":"order_shipped","__proto__":{"x":1}}', {}, 400, 'invalid_body'],
      [JSON.stringify({ event: 'order_shipped', to: { email: 'x@evil.example' } }), {}, 400, 'forbidden_field'],
      [shipped, { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
      [shipped, { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
      [shipped, { 'content-encoding': 'gzip' }, 415, 'unsupported_media_type'],
      [JSON.stringify({ event: 'order_shipped', data: { pad: 'x'.repeat(20_000) } }), {}, 413, 'payload_too_large'],
    ];
    for (const [body, headers, status, code] of refusals) {
      const res = await post(url, body, { ...auth, ...headers });
      expect({ body: body.slice(0, 40), status: res.status, code: res.json?.error?.code, type: res.type }).toEqual({
        body: body.slice(0, 40),
        status,
        code,
        type: 'application/json; charset=utf-8',
      });
    }
    expect(emu.requests()).toHaveLength(0);
  });

  it("another middleware's refusal before the route keeps its own answer (only parser refusals are handed on)", async () => {
    // What a CSRF check does: refuse with its own 4xx before any route. The `type` is body-parser-like on purpose.
    const csrf = Object.assign(new ForbiddenException('invalid csrf token'), { status: 403, statusCode: 403, code: 'EBADCSRFTOKEN', type: 'csrf.invalid' });
    const origin = await start(platform, [FynoModule.forRoot({ ...clientOptions(), notifyRoute: byUser })], {
      setup: (app) => {
        if (platform === 'fastify') {
          (app.getHttpAdapter().getInstance() as { addHook(name: string, hook: (req: Req) => Promise<void>): void }).addHook('onRequest', async (req) => {
            if (req.headers['x-csrf'] === 'bad') throw csrf;
          });
        } else {
          app.use((req: Req, _res: unknown, next: (error?: unknown) => void) => next(req.headers['x-csrf'] === 'bad' ? csrf : undefined));
        }
      },
    });
    const res = await post(`${origin}/api/fyno/notify`, shipped, { 'x-csrf': 'bad', authorization: 'Bearer u_csrf' });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ statusCode: 403, message: 'invalid csrf token' });
    expect(emu.requests()).toHaveLength(0);
  });

  it("a chunked body past the platform's own limit gets the route's 413", async () => {
    const origin = await start(platform, [FynoModule.forRoot({ ...clientOptions(), notifyRoute: byUser })], { providers: globalGuard });
    let sent = 0;
    const chunk = new TextEncoder().encode('x'.repeat(16_384));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"event":"order_shipped","data":{"pad":"'));
      },
      pull(controller) {
        // ~200 kB with no Content-Length: past Nest's 100 kB Express parser limit and the route's cap.
        if (sent++ < 12) controller.enqueue(chunk);
        else {
          controller.enqueue(new TextEncoder().encode('"}}'));
          controller.close();
        }
      },
    });
    const res = await post(`${origin}/api/fyno/notify`, stream, { authorization: 'Bearer u_big' });
    expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status: 413, code: 'payload_too_large' });
    expect(emu.requests()).toHaveLength(0);
  });

  it("leaves the rest of the app alone: a malformed body elsewhere keeps Nest's own answer", async () => {
    const origin = await start(platform, [FynoModule.forRoot({ ...clientOptions(), notifyRoute: byUser })]);
    const res = await post(`${origin}/other`, '{');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ statusCode: 400 });
    expect((await post(`${origin}/other`, '{}')).json).toEqual({ ok: true });
  });

  it('refuses a path that is not a literal URL path, when the module is created', () => {
    expect(() => FynoModule.forRoot({ ...clientOptions(), notifyRoute: { ...byUser, path: '/api/:id' } })).toThrow(
      /notifyRoute.path must be a literal URL path/,
    );
    expect(() => FynoModule.forRootAsync({ notifyRoute: { path: 'a//b' }, useFactory: clientOptions })).toThrow(/notifyRoute.path must be a literal URL path/);
  });

  it('two apps in one process each serve their own route (each forRoot makes its own controller)', async () => {
    const a = await start(platform, [FynoModule.forRoot({ ...clientOptions(), notifyRoute: { ...byUser, path: 'a/notify' } })], { providers: globalGuard });
    const b = await start(platform, [FynoModule.forRoot({ ...clientOptions(), notifyRoute: { ...byUser, path: 'b/notify' } })], { providers: globalGuard });
    const auth = { authorization: 'Bearer u_two' };
    expect((await post(`${a}/a/notify`, shipped, auth)).status).toBe(202);
    expect((await post(`${a}/b/notify`, shipped, auth)).status).toBe(404);
    expect((await post(`${b}/b/notify`, shipped, auth)).status).toBe(202);
    expect((await post(`${b}/a/notify`, shipped, auth)).status).toBe(404);
  });
});

describe('notify route path matching on fastify', () => {
  @Controller('v2/fyno/notify')
  class LookAlikeController {
    @Post()
    echo(): { ok: true } {
      return { ok: true };
    }
  }

  it('refuses to start when another route ends in the same path, rather than hand that route the parser refusals', async () => {
    @Module({ imports: [FynoModule.forRoot({ ...clientOptions(), notifyRoute: { ...byUser, path: 'fyno/notify' } })], controllers: [LookAlikeController] })
    class AppModule {}
    const app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
    await expect(app.init()).rejects.toThrow(/end in the notify route's path "fyno\/notify"/);
    await app.close().catch(() => undefined);
  });
});
