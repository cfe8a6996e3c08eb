/**
 * Hostile transports against a Nest app as people build them: a global guard and a global exception
 * filter that records whatever reaches it, and a logger that records Nest's error lines, on
 * platform-express and platform-fastify.
 * - An upload the client aborts (Content-Length 1000, 13 bytes, then a reset) is a client that went
 *   away: it reaches neither the filter nor the log, and nothing is sent.
 * - A body sent one byte at a time is ended: by the route's `bodyTimeoutMs` on Fastify (408), by the
 *   HTTP server's `requestTimeout` on Express (whose parser reads the body before the route runs).
 */
import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import {
  Catch,
  ForbiddenException,
  Injectable,
  Module,
  type ArgumentsHost,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
  type INestApplication,
  type LoggerService,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FynoModule, type FynoNotifyRouteOptions } from '../src/index';

type Req = { headers: Record<string, string | string[] | undefined>; user?: { id: string } };
type Platform = 'express' | 'fastify';

let emu: RunningEmulator;
const closers: Array<() => Promise<unknown>> = [];
const filtered: unknown[] = [];
const logged: unknown[][] = [];

beforeAll(async () => {
  emu = await startEmulator({ port: 0, events: '*', quiet: true });
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  emu.clear();
  filtered.length = 0;
  logged.length = 0;
});
afterAll(async () => {
  await emu.stop();
});

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

/** What error tracking sees: every exception that reaches the app's global filter. */
@Catch()
class RecordingFilter implements ExceptionFilter {
  constructor(private readonly host: HttpAdapterHost) {}
  catch(exception: unknown, context: ArgumentsHost): void {
    filtered.push(exception);
    const status = exception instanceof ForbiddenException ? 403 : 500;
    this.host.httpAdapter.reply(context.switchToHttp().getResponse(), { filtered: true }, status);
  }
}

/** Nest's logger, recording its error and warning lines. */
const logger: LoggerService = {
  log: () => {},
  error: (...args: unknown[]) => void logged.push(['error', ...args]),
  warn: (...args: unknown[]) => void logged.push(['warn', ...args]),
};

const providers = [
  { provide: APP_GUARD, useClass: BearerGuard },
  { provide: APP_FILTER, useClass: RecordingFilter },
];

/** A Nest app on `platform`; on Express, served by `server` when given (to set Node's timeouts). */
async function start(platform: Platform, route: Partial<FynoNotifyRouteOptions<Req>> = {}, serverOptions?: { requestTimeout: number }): Promise<string> {
  const notifyRoute: FynoNotifyRouteOptions<Req> = { identify: (req) => req.user?.id, events: { order_shipped: {} }, rateLimit: false, ...route };
  @Module({ imports: [FynoModule.forRoot({ client: { workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl }, notifyRoute })], providers })
  class AppModule {}
  if (platform === 'fastify') {
    const app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger });
    await app.listen(0, '127.0.0.1');
    closers.push(() => app.close());
    return origin(app.getHttpServer() as Server);
  }
  if (!serverOptions) {
    const app: INestApplication = await NestFactory.create(AppModule, { logger });
    await app.listen(0, '127.0.0.1');
    closers.push(() => app.close());
    return origin(app.getHttpServer() as Server);
  }
  // As the deploying guide says: bound the whole request (the body included) with requestTimeout,
  // checked every second rather than Node's default 30 s.
  const app = await NestFactory.create(AppModule, { logger });
  await app.init();
  const server = createServer({ requestTimeout: serverOptions.requestTimeout, connectionsCheckingInterval: 250 }, app.getHttpAdapter().getInstance());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await app.close();
  });
  return origin(server);
}

function origin(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** POSTs by hand: announces `Content-Length: 1000`, sends 13 bytes, then resets. */
function abortedUpload(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('connect', () => {
      socket.write(
        `POST /api/fyno/notify HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"event":"ord`,
      );
      setTimeout(() => socket.resetAndDestroy(), 30);
    });
    socket.on('data', (chunk) => (received += chunk.toString('utf8')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(received));
  });
}

/** Sends `body` one byte every `gapMs`; resolves with what came back and when the socket closed. */
function slowBody(
  url: string,
  body: string,
  gapMs: number,
  headers: Record<string, string>,
): Promise<{ received: string; closedAfterMs: number; bytesSent: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const startedAt = Date.now();
    let received = '';
    let sent = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    socket.on('connect', () => {
      const extra = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.write(
        `POST /api/fyno/notify HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n${extra}Content-Length: ${body.length}\r\n\r\n`,
      );
      timer = setInterval(() => {
        if (sent >= body.length || socket.destroyed || !socket.writable) return clearInterval(timer);
        socket.write(body[sent++]!);
      }, gapMs);
    });
    socket.on('data', (chunk) => (received += chunk.toString('utf8')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ received, closedAfterMs: Date.now() - startedAt, bytesSent: sent });
    });
  });
}

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, json: (await res.json()) as any };
}

const shipped = JSON.stringify({ event: 'order_shipped', data: { order: 'N-1' } });

describe.each<Platform>(['express', 'fastify'])('Nest on %s with a global guard and a global filter', (platform) => {
  it('an aborted upload is a client that went away: nothing reaches the filter or the error log', async () => {
    const url = await start(platform);
    for (let i = 0; i < 10; i++) expect(await abortedUpload(url)).toBe('');
    // Give a late error the time to reach the filter or the log.
    await new Promise((r) => setTimeout(r, 500));
    expect(filtered).toEqual([]);
    expect(logged).toEqual([]);
    expect(emu.requests()).toHaveLength(0);
    // The route and the guard still work.
    expect((await post(`${url}/api/fyno/notify`, shipped)).status).toBe(403);
    expect((await post(`${url}/api/fyno/notify`, shipped, { authorization: 'Bearer u_after' })).status).toBe(202);
    expect(emu.messages({ distinct_id: 'u_after' })).toHaveLength(1);
  });
});

describe('a body sent one byte at a time', () => {
  const body = JSON.stringify({ event: 'order_shipped' });
  const auth = { authorization: 'Bearer u_slow' };

  it("Nest on Fastify: the route's bodyTimeoutMs ends it with a 408 in the route's shape; nothing is sent", async () => {
    const url = await start('fastify', { bodyTimeoutMs: 1_000 });
    const result = await slowBody(url, body, 200, auth);
    expect(result.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(result.received).toMatch(/"code":"request_timeout"/);
    expect(result.bytesSent).toBeLessThan(body.length);
    expect(result.closedAfterMs).toBeLessThan(4_000);
    expect(emu.requests()).toHaveLength(0);
    expect(filtered).toEqual([]);
  });

  it("Nest on Express: the server's requestTimeout, set as the deploying guide says, ends it; nothing is sent", async () => {
    const url = await start('express', {}, { requestTimeout: 1_000 });
    const result = await slowBody(url, body, 200, auth);
    expect(result.bytesSent).toBeLessThan(body.length);
    expect(result.closedAfterMs).toBeLessThan(4_000);
    expect(result.received === '' || /^HTTP\/1\.1 408 /.test(result.received)).toBe(true);
    expect(emu.requests()).toHaveLength(0);
  });
});
