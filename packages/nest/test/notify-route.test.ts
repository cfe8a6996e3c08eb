/** What the Nest route adds over the shared contract: path, middleware order, Nest's body parser. */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Controller, Injectable, Module, Post, type MiddlewareConsumer, type NestMiddleware, type NestModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FynoModule, type FynoModuleOptions } from '../src/index';

type Req = { headers: Record<string, string | string[] | undefined>; user?: { id: string } };

let emu: RunningEmulator;
const open: Array<{ close(): Promise<void> }> = [];

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
  return { workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl };
}

const byUser = { identify: (req: Req) => req.user?.id, events: { order_shipped: {} } };

/** Stands in for Passport: a middleware that signs the caller in from a header. */
@Injectable()
class SessionMiddleware implements NestMiddleware {
  use(req: Req, _res: unknown, next: () => void): void {
    const id = req.headers['x-session'];
    if (typeof id === 'string') req.user = { id };
    next();
  }
}

@Controller('other')
class OtherController {
  @Post()
  echo(): { ok: true } {
    return { ok: true };
  }
}

async function start(imports: unknown[], setup?: (app: Awaited<ReturnType<typeof NestFactory.create>>) => void, moduleMiddleware = false) {
  @Module({ imports: imports as never[], controllers: [OtherController], providers: [SessionMiddleware] })
  class AppModule implements NestModule {
    configure(consumer: MiddlewareConsumer): void {
      if (moduleMiddleware) consumer.apply(SessionMiddleware).forRoutes('*');
    }
  }
  const app = await NestFactory.create(AppModule, { logger: false });
  setup?.(app);
  await app.listen(0, '127.0.0.1');
  open.push(app);
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
  return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as any) };
}

const shipped = JSON.stringify({ event: 'order_shipped', data: { order: 'N-1' } });

describe('notify route in a Nest app', () => {
  it('identify reads req.user set by global middleware (app.use, as passport.session())', async () => {
    const origin = await start([FynoModule.forRoot({ ...clientOptions(), notifyRoute: byUser })], (app) => {
      app.use((req: Req, _res: unknown, next: () => void) => new SessionMiddleware().use(req, _res, next));
    });
    expect((await post(`${origin}/api/fyno/notify`, shipped, { 'x-session': 'u_global' })).status).toBe(202);
    expect(await post(`${origin}/api/fyno/notify`, shipped)).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' } } });
    expect(emu.messages({ distinct_id: 'u_global' })).toHaveLength(1);
  });

  it('identify reads req.user set by module middleware (consumer.apply().forRoutes("*")), even with isGlobal', async () => {
    // Nest mounts a global module's middleware first: a route built as FynoModule middleware would run
    // before the app's session middleware. Registered after all middleware, this one runs after it.
    const origin = await start(
      [FynoModule.forRootAsync({ useFactory: () => ({ ...clientOptions(), notifyRoute: byUser }), isGlobal: true })],
      undefined,
      true,
    );
    expect((await post(`${origin}/api/fyno/notify`, shipped, { 'x-session': 'u_module' })).status).toBe(202);
    expect(emu.messages({ distinct_id: 'u_module' })).toHaveLength(1);
  });

  it('serves the path the async factory returns, as given: the global prefix is not added', async () => {
    const origin = await start(
      [FynoModule.forRootAsync({ useFactory: async () => ({ ...clientOptions(), notifyRoute: { ...byUser, path: '/hooks/notify/' } }) })],
      (app) => {
        app.setGlobalPrefix('v1');
        // Global (app.use) middleware: Nest binds module middleware under the prefix, which this path is not.
        app.use((req: Req, res: unknown, next: () => void) => new SessionMiddleware().use(req, res, next));
      },
    );
    expect((await post(`${origin}/hooks/notify`, shipped, { 'x-session': 'u_path' })).status).toBe(202);
    expect((await post(`${origin}/v1/hooks/notify`, shipped, { 'x-session': 'u_path' })).status).toBe(404);
    expect((await post(`${origin}/api/fyno/notify`, shipped, { 'x-session': 'u_path' })).status).toBe(404);
    // A sub-path is not the route.
    expect((await post(`${origin}/hooks/notify/more`, shipped, { 'x-session': 'u_path' })).status).toBe(404);
    expect(emu.messages({ distinct_id: 'u_path' })).toHaveLength(1);
  });

  it('without notifyRoute nothing is served', async () => {
    const origin = await start([FynoModule.forRootAsync({ useFactory: () => clientOptions() })], undefined, true);
    expect((await post(`${origin}/api/fyno/notify`, shipped, { 'x-session': 'u_none' })).status).toBe(404);
    expect(emu.requests()).toHaveLength(0);
  });

  it('a body over Nest\'s own parser limit gets the route\'s 413, not Nest\'s error format', async () => {
    const origin = await start([FynoModule.forRoot({ ...clientOptions(), notifyRoute: byUser })], undefined, true);
    let sent = 0;
    const chunk = new TextEncoder().encode('x'.repeat(16_384));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"event":"order_shipped","data":{"pad":"'));
      },
      pull(controller) {
        // ~200 kB, chunked: past the parser's 100 kB limit, with no Content-Length to refuse it early.
        if (sent++ < 12) controller.enqueue(chunk);
        else {
          controller.enqueue(new TextEncoder().encode('"}}'));
          controller.close();
        }
      },
    });
    const res = await post(`${origin}/api/fyno/notify`, stream, { 'x-session': 'u_big' });
    expect(res).toEqual({ status: 413, json: { error: { code: 'payload_too_large', message: expect.any(String) } } });
    expect(emu.requests()).toHaveLength(0);
  });

  it('leaves the rest of the app alone: a malformed body elsewhere keeps Nest\'s own answer', async () => {
    const origin = await start([FynoModule.forRoot({ ...clientOptions(), notifyRoute: byUser })]);
    const res = await post(`${origin}/other`, '{');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ statusCode: 400 });
    expect((await post(`${origin}/other`, '{}')).json).toEqual({ ok: true });
  });

  it('refuses a path that is not a literal URL path, at startup', async () => {
    @Module({ imports: [FynoModule.forRoot({ ...clientOptions(), notifyRoute: { ...byUser, path: '/api/:id' } })] })
    class BadModule {}
    const app = await NestFactory.create(BadModule, { logger: false });
    await expect(app.init()).rejects.toThrow(/notifyRoute.path must be a literal URL path/);
    await app.close();
  });
});
