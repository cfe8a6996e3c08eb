// One server process of the notify-route benchmark (tooling/bench/routes.mjs): a framework app serving either
// the notify route (`route`) or the floor (`floor`): a minimal handler on the same framework that
// parses the same JSON with the framework's parser, posts it to the emulator with raw undici and
// answers with the route's headers.
// Usage: node route-server.mjs <express|fastify|nest> <route|floor> <emulator json>. Prints its URL.
import { Pool } from 'undici';
import { benchPolicy } from './route-policy.mjs';

const [framework, variant, emuJson] = process.argv.slice(2);
const emu = JSON.parse(emuJson);
const PATH = '/api/fyno/notify';

// The floor's upstream: one keep-alive pool, like the client's transport (64 sockets).
const origin = new URL(emu.baseUrl).origin;
const eventPath = `${new URL(emu.baseUrl).pathname}/${emu.workspaceId}/live/event`;
const pool = new Pool(origin, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
const upstreamHeaders = { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json', accept: 'application/json' };
let seq = 0;
// The floor answers with the headers the route sends on every answer (uncacheable JSON), so that the
// two do the same work for the browser: a header less is work the floor would skip.
const FLOOR_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** The floor's work: the same fire the route makes (with an idempotency key, as the client sends), nothing else. */
async function floorFire(body, user, key) {
  const res = await pool.request({
    method: 'POST',
    path: eventPath,
    headers: { ...upstreamHeaders, 'idempotency-key': key ?? `floor-${process.pid}-${seq++}` },
    body: JSON.stringify({ event: body.event, distinct_id: user, data: body.data }),
  });
  return { status: res.statusCode === 202 ? 202 : 502, text: await res.body.text() };
}

/** The route's policy (route-policy.mjs). */
const policy = () => benchPolicy(emu);

async function express() {
  const { default: express } = await import('express');
  const app = express();
  if (variant === 'route') {
    const { notifyRoute } = await import('@fyno-kit/express');
    app.use(PATH, notifyRoute(await policy()));
  } else {
    app.post(PATH, express.json(), async (req, res) => {
      const { status, text } = await floorFire(req.body, req.get('x-user'), req.get('idempotency-key'));
      res.status(status).set(FLOOR_HEADERS).send(text);
    });
  }
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return `http://127.0.0.1:${server.address().port}${PATH}`;
}

async function fastify() {
  const { default: Fastify } = await import('fastify');
  const app = Fastify();
  if (variant === 'route') {
    const { notifyRoute } = await import('@fyno-kit/fastify');
    await app.register(notifyRoute(await policy()), { prefix: PATH });
  } else {
    app.post(PATH, async (request, reply) => {
      const { status, text } = await floorFire(request.body, request.headers['x-user'], request.headers['idempotency-key']);
      return reply.code(status).headers(FLOOR_HEADERS).send(text);
    });
  }
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return `${address}${PATH}`;
}

async function nest() {
  await import('reflect-metadata');
  const { Body, Controller, Headers, Module, Post, Res } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  let imports = [];
  let controllers = [];
  if (variant === 'route') {
    const { FynoModule } = await import('@fyno-kit/nest');
    const { client: _client, ...route } = await policy();
    imports = [
      FynoModule.forRoot({ client: { workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl }, notifyRoute: { ...route, path: PATH } }),
    ];
  } else {
    // Plain JavaScript: the decorators are applied as the functions they are.
    class FloorController {
      async fire(body, user, key, res) {
        const { status, text } = await floorFire(body, user, key);
        res.status(status).set(FLOOR_HEADERS).send(text);
      }
    }
    const fire = Object.getOwnPropertyDescriptor(FloorController.prototype, 'fire');
    Post()(FloorController.prototype, 'fire', fire);
    Body()(FloorController.prototype, 'fire', 0);
    Headers('x-user')(FloorController.prototype, 'fire', 1);
    Headers('idempotency-key')(FloorController.prototype, 'fire', 2);
    Res()(FloorController.prototype, 'fire', 3);
    Reflect.defineMetadata('design:paramtypes', [Object, String, String, Object], FloorController.prototype, 'fire');
    Controller(PATH)(FloorController);
    controllers = [FloorController];
  }
  class BenchModule {}
  Module({ imports, controllers })(BenchModule);
  // abortOnError: false, so a server that cannot start throws (and prints why) instead of exiting
  // silently with 1; errors stay logged, the per-request log stays off.
  const app = await NestFactory.create(BenchModule, { logger: ['error', 'warn'], abortOnError: false });
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${app.getHttpServer().address().port}${PATH}`;
}

const start = { express, fastify, nest }[framework];
if (!start || !['route', 'floor'].includes(variant)) throw new Error(`usage: route-server.mjs <express|fastify|nest> <route|floor> <emulator json>`);
process.stdout.write(JSON.stringify({ url: await start() }) + '\n');
process.on('SIGTERM', () => process.exit(0));
