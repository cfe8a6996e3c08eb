/**
 * `FynoRoutes`, the second way to serve the notify route: the app owns a small controller (path,
 * guards, decorators) and calls `routes.notify(req, res)`; the module mounts none with
 * `notifyRoute: { controller: false }`. Real Nest apps on platform-express and platform-fastify,
 * over real sockets, with the emulator upstream.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  All,
  Catch,
  Controller,
  ForbiddenException,
  HttpCode,
  HttpException,
  Inject,
  Injectable,
  type LoggerService,
  Module,
  Req,
  Res,
  UseGuards,
  type ArgumentsHost,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
  type INestApplication,
} from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FynoModule, FynoNotifyRefusal, FynoRoutes, type FynoModuleOptions, type FynoNotifyRouteOptions, type FynoPlatformRequest } from '../src/index';

type SignedIn = FynoPlatformRequest & { user?: { id: string } };
type Platform = 'express' | 'fastify';

const apiKey = `sk_routes_${randomUUID().replace(/-/g, '')}`;
const wrongKey = `sk_wrong_${randomUUID().replace(/-/g, '')}`;
let emu: RunningEmulator;
const open: INestApplication[] = [];

beforeAll(async () => {
  emu = await startEmulator({ port: 0, events: ['order_shipped', 'password_reset'], apiKey, quiet: true });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()));
  emu.clear();
});
afterAll(async () => {
  await emu.stop();
});

const client = (key = apiKey): FynoModuleOptions['client'] => ({ workspaceId: emu.workspaceId, apiKey: key, baseUrl: emu.baseUrl, maxRetries: 0 });

/** The app's own guard: signs the caller in from a bearer token; `x-blocked` is refused before the route. */
@Injectable()
class SessionGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<SignedIn>();
    if (req.headers['x-blocked'] !== undefined) throw new ForbiddenException('blocked by the app');
    const auth = req.headers.authorization;
    if (typeof auth === 'string' && auth.startsWith('Bearer ')) req.user = { id: auth.slice('Bearer '.length) };
    return true;
  }
}

const policy = (overrides: Partial<FynoNotifyRouteOptions<SignedIn>> = {}): FynoNotifyRouteOptions<SignedIn> => ({
  identify: (req) => req.user?.id ?? null,
  events: { order_shipped: {}, password_reset: {} },
  controller: false,
  ...overrides,
});

/** The app's controller at `path`, behind its own guard, serving the route through `FynoRoutes`. */
function appController(path: string) {
  @Controller(path)
  class AppNotifyController {
    constructor(@Inject(FynoRoutes) private readonly routes: FynoRoutes) {}

    @All()
    @HttpCode(202)
    @UseGuards(SessionGuard)
    notify(@Req() req: SignedIn, @Res({ passthrough: true }) res: unknown) {
      return this.routes.notify(req, res);
    }
  }
  return AppNotifyController;
}

/** Records what reaches it, then writes `HttpException`s as Nest's default filter does. */
const seenByAppFilter: unknown[] = [];
@Catch()
class RecordingFilter implements ExceptionFilter {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}
  catch(exception: unknown, context: ArgumentsHost): void {
    seenByAppFilter.push(exception);
    const res = context.switchToHttp().getResponse();
    if (exception instanceof HttpException) this.host.httpAdapter.reply(res, exception.getResponse(), exception.getStatus());
    else this.host.httpAdapter.reply(res, { failed: true }, 500);
  }
}

/** An app filter that reshapes every error: with its own controller, the app's choice wins. */
@Catch()
class ReshapeAllFilter implements ExceptionFilter {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}
  catch(_exception: unknown, context: ArgumentsHost): void {
    this.host.httpAdapter.reply(context.switchToHttp().getResponse(), { reshaped: true }, 418);
  }
}

/** Every line Nest's logger writes. */
const logged: string[] = [];
const capture: LoggerService = {
  log: (...args: unknown[]) => void logged.push(inspect(args, { depth: 8 })),
  error: (...args: unknown[]) => void logged.push(inspect(args, { depth: 8 })),
  warn: (...args: unknown[]) => void logged.push(inspect(args, { depth: 8 })),
  debug: (...args: unknown[]) => void logged.push(inspect(args, { depth: 8 })),
  verbose: (...args: unknown[]) => void logged.push(inspect(args, { depth: 8 })),
};

interface StartOptions {
  controllerPath?: string;
  providers?: unknown[];
}

async function start(platform: Platform, fyno: unknown, { controllerPath = 'api/fyno/notify', providers = [] }: StartOptions = {}): Promise<string> {
  @Module({ imports: [fyno as never], controllers: [appController(controllerPath)], providers: providers as never[] })
  class AppModule {}
  const app: INestApplication =
    platform === 'fastify'
      ? await NestFactory.create(AppModule, new FastifyAdapter(), { logger: capture })
      : await NestFactory.create(AppModule, { logger: capture });
  await app.listen(0, '127.0.0.1');
  open.push(app);
  expect(app.getHttpAdapter().getType()).toBe(platform);
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

const answers: Answer[] = [];
async function send(url: string, body: string | undefined, headers: Record<string, string> = {}, method = 'POST'): Promise<Answer> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  const answer = { status: res.status, headers: res.headers, text, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  answers.push(answer);
  return answer;
}

/** The route's refusal, exactly: its status, `{ error: { code, message } }` and nothing else, uncacheable JSON. */
function expectRefusal(answer: Answer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.json?.error?.code }).toEqual({ status, code });
  expect(Object.keys(answer.json)).toEqual(['error']);
  expect(Object.keys(answer.json.error).sort()).toEqual(['code', 'message']);
  expect(typeof answer.json.error.message).toBe('string');
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(answer.headers.get('cache-control')).toBe('no-store');
}

const shipped = JSON.stringify({ event: 'order_shipped', data: { order: 'R-1' } });

describe.each<Platform>(['express', 'fastify'])("FynoRoutes.notify from the app's own controller on %s", (platform) => {
  it("behind the app's guard: 202 with the route's body and one message; the guard's refusal stops it first", async () => {
    const origin = await start(platform, FynoModule.forRoot({ client: client(), notifyRoute: policy() }));
    const url = `${origin}/api/fyno/notify`;
    const accepted = await send(url, shipped, { authorization: 'Bearer u_routes' });
    expect(accepted.status).toBe(202);
    expect(accepted.json).toMatchObject({ event: 'order_shipped', request_id: expect.any(String) });
    expect(accepted.headers.get('cache-control')).toBe('no-store');
    expect(emu.messages({ distinct_id: 'u_routes' })).toHaveLength(1);

    const blocked = await send(url, shipped, { authorization: 'Bearer u_routes', 'x-blocked': '1' });
    expect(blocked).toMatchObject({ status: 403, json: { statusCode: 403, message: 'blocked by the app' } });
    expect(emu.messages()).toHaveLength(1);
  });

  it("the route's refusals reach the client in the route's shape and status through Nest's default filter; nothing is sent", async () => {
    const origin = await start(platform, FynoModule.forRoot({ client: client(), notifyRoute: policy({ rateLimit: { limit: 1, windowMs: 60_000 } }) }));
    const url = `${origin}/api/fyno/notify`;
    const auth = { authorization: 'Bearer u_refused' };
    expectRefusal(await send(url, shipped), 401, 'unauthorized');
    expectRefusal(await send(url, JSON.stringify({ data: {} }), auth), 400, 'invalid_body');
    expectRefusal(await send(url, JSON.stringify({ event: 'not_listed' }), auth), 403, 'event_not_allowed');
    // The platform parser's refusals on the route's path (the default one here) are handed to the route.
    expectRefusal(await send(url, '{"event":', auth), 400, 'invalid_json');
    expectRefusal(await send(url, JSON.stringify({ event: 'order_shipped', data: { pad: 'x'.repeat(20_000) } }), auth), 413, 'payload_too_large');
    const wrongMethod = await send(url, undefined, auth, 'GET');
    expectRefusal(wrongMethod, 405, 'method_not_allowed');
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(emu.requests()).toHaveLength(0);

    expect((await send(url, shipped, auth)).status).toBe(202);
    const limited = await send(url, shipped, auth);
    expectRefusal(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(emu.messages({ distinct_id: 'u_refused' })).toHaveLength(1);
  });

  it('a custom global filter sees the refusal as a FynoNotifyRefusal (an HttpException) and writes it', async () => {
    seenByAppFilter.length = 0;
    const origin = await start(platform, FynoModule.forRoot({ client: client(), notifyRoute: policy() }), {
      providers: [{ provide: APP_FILTER, useClass: RecordingFilter }],
    });
    expectRefusal(await send(`${origin}/api/fyno/notify`, shipped), 401, 'unauthorized');
    expect(seenByAppFilter).toHaveLength(1);
    const [refusal] = seenByAppFilter;
    expect(refusal).toBeInstanceOf(FynoNotifyRefusal);
    expect(refusal).toBeInstanceOf(HttpException);
    expect((refusal as FynoNotifyRefusal).getStatus()).toBe(401);
    expect((refusal as FynoNotifyRefusal).notifyResponse.body).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it("the app's filters own the answer: one that reshapes every error reshapes the route's too", async () => {
    const origin = await start(platform, FynoModule.forRoot({ client: client(), notifyRoute: policy() }), {
      providers: [{ provide: APP_FILTER, useClass: ReshapeAllFilter }],
    });
    expect(await send(`${origin}/api/fyno/notify`, shipped)).toMatchObject({ status: 418, json: { reshaped: true } });
    expect(emu.requests()).toHaveLength(0);
  });

  it('the Idempotency-Key still keeps a double click to one message', async () => {
    const origin = await start(platform, FynoModule.forRoot({ client: client(), notifyRoute: policy() }));
    const url = `${origin}/api/fyno/notify`;
    const headers = { authorization: 'Bearer u_idem', 'idempotency-key': 'click-1' };
    const first = await send(url, shipped, headers);
    const second = await send(url, shipped, headers);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.json.request_id).toBe(first.json.request_id);
    expect(emu.messages({ distinct_id: 'u_idem' })).toHaveLength(1);
  });

  it('the API key appears in no answer and no log line, upstream refusal included', async () => {
    const mark = logged.length;
    const consoleError = vi.spyOn(console, 'error');
    const consoleWarn = vi.spyOn(console, 'warn');
    try {
      // The module's client with a key the emulator refuses: the route answers an upstream_* 502 and logs it.
      const origin = await start(platform, FynoModule.forRoot({ client: client(wrongKey), notifyRoute: policy() }));
      const refused = await send(`${origin}/api/fyno/notify`, shipped, { authorization: 'Bearer u_secret' });
      expect(refused.status).toBe(502);
      expect(refused.json.error.code).toMatch(/^upstream_/);
      const lines = [...logged.slice(mark), ...[...consoleError.mock.calls, ...consoleWarn.mock.calls].map((args) => inspect(args, { depth: 8 }))];
      // Something was logged about it, and none of it holds a key.
      expect(lines.join('\n')).toMatch(/upstream_/);
      for (const text of [...lines, ...answers.map((a) => `${a.text} ${inspect([...a.headers])}`)]) {
        expect(text).not.toContain(apiKey);
        expect(text).not.toContain(wrongKey);
      }
    } finally {
      consoleError.mockRestore();
      consoleWarn.mockRestore();
    }
  });

  it("forRootAsync: controller: false declared beside the factory; the app's path and the parser hand-off there", async () => {
    const fyno = FynoModule.forRootAsync({
      notifyRoute: { controller: false, path: 'app/notify' },
      useFactory: async () => ({ client: client(), notifyRoute: policy({ controller: undefined }) }),
    });
    const origin = await start(platform, fyno, { controllerPath: 'app/notify' });
    const auth = { authorization: 'Bearer u_async' };
    expect((await send(`${origin}/app/notify`, shipped, auth)).status).toBe(202);
    expectRefusal(await send(`${origin}/app/notify`, '{', auth), 400, 'invalid_json');
    // The module mounted no controller of its own.
    expect((await send(`${origin}/api/fyno/notify`, shipped, auth)).status).toBe(404);
    expect(emu.messages({ distinct_id: 'u_async' })).toHaveLength(1);
  });

  it("without the app's path in notifyRoute.path, the platform parser's refusal is the platform's own answer (the documented limit)", async () => {
    const origin = await start(platform, FynoModule.forRoot({ client: client(), notifyRoute: policy() }), { controllerPath: 'elsewhere/notify' });
    const auth = { authorization: 'Bearer u_elsewhere' };
    expect((await send(`${origin}/elsewhere/notify`, shipped, auth)).status).toBe(202);
    const malformed = await send(`${origin}/elsewhere/notify`, '{', auth);
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({ statusCode: 400 });
    expect(malformed.json.error?.code).toBeUndefined();
  });
});

describe('FynoRoutes: module options', () => {
  it('notifyRoute.guards with controller: false is refused when the module is created (there is no controller to guard)', () => {
    expect(() => FynoModule.forRoot({ client: client(), notifyRoute: policy({ guards: [new SessionGuard()] }) })).toThrow(/controller: false mounts none/);
    expect(() => FynoModule.forRootAsync({ notifyRoute: { controller: false, guards: [SessionGuard] }, useFactory: () => ({}) })).toThrow(
      /controller: false mounts none/,
    );
  });

  it('without a notifyRoute there is no FynoRoutes: injecting it fails at startup', async () => {
    @Module({ imports: [FynoModule.forRoot({ client: client() })], controllers: [appController('api/fyno/notify')] })
    class AppModule {}
    await expect(NestFactory.create(AppModule, { logger: false, abortOnError: false })).rejects.toThrow(/FynoRoutes/);
  });
});
