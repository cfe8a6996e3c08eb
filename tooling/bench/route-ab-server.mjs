// The server process of tooling/bench/route-ab.mjs: several Fastify apps in ONE process, each on its
// own port, so that the variants it compares share the process, its JIT and its heap; and a control
// port that answers this process's CPU time, so the load generator (another process) counts none.
// Usage: node route-ab-server.mjs <emulator json> <label>=<kind>[@<@fyno-kit/fastify build>[#<@fyno-kit/core build>]] ...
//   floor          the floor of routes.mjs: Fastify's JSON parser, raw undici, the route's headers;
//   route          the notify route (optionally from another build of the adapter and of core);
//   route-no-otel  the same with `openTelemetry: false` (no span at all);
//   shell          the adapter's plugin around a stand-in route doing the floor's work: what the
//                  adapter costs, apart from core's route (the build must export `bodyRoutePlugin`).
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import Fastify from 'fastify';
import { Pool } from 'undici';
import { benchPolicy } from './route-policy.mjs';

const [emuJson, ...specs] = process.argv.slice(2);
const emu = JSON.parse(emuJson);
const PATH = '/api/fyno/notify';
const origin = new URL(emu.baseUrl).origin;
const eventPath = `${new URL(emu.baseUrl).pathname}/${emu.workspaceId}/live/event`;
const upstreamHeaders = { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json', accept: 'application/json' };
// As route-server.mjs: the headers the route sends on every answer.
const ANSWER_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
let seq = 0;

/** The floor's fire (route-server.mjs): one keep-alive pool, the browser's key or one of ours. */
function floorFire() {
  const pool = new Pool(origin, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
  return async (body, user, key) => {
    const res = await pool.request({
      method: 'POST',
      path: eventPath,
      headers: { ...upstreamHeaders, 'idempotency-key': key ?? `floor-${process.pid}-${seq++}` },
      body: JSON.stringify({ event: body.event, distinct_id: user, data: body.data }),
    });
    return { status: res.statusCode === 202 ? 202 : 502, text: await res.body.text() };
  };
}

/** The route's policy (route-policy.mjs). */
const policy = (coreModule, clientOptions) => benchPolicy(emu, { coreModule, clientOptions });

async function variant(kind, adapterModule, coreModule) {
  const app = Fastify();
  if (kind === 'floor') {
    const fire = floorFire();
    app.post(PATH, async (request, reply) => {
      const { status, text } = await fire(request.body, request.headers['x-user'], request.headers['idempotency-key']);
      return reply.code(status).headers(ANSWER_HEADERS).send(text);
    });
  } else if (kind === 'route' || kind === 'route-no-otel') {
    const { notifyRoute } = await import(adapterModule);
    await app.register(notifyRoute(await policy(coreModule, kind === 'route-no-otel' ? { openTelemetry: false } : {})), { prefix: PATH });
  } else if (kind === 'shell') {
    const { bodyRoutePlugin } = await import(adapterModule);
    if (typeof bodyRoutePlugin !== 'function') throw new Error(`${adapterModule} does not export bodyRoutePlugin`);
    const fire = floorFire();
    const route = {
      maxBodyBytes: 16_384,
      bodyTimeoutMs: 10_000,
      async serve(exchange) {
        const source = exchange.body();
        const { status, text } = await fire(source.value, exchange.header('x-user'), exchange.header('idempotency-key'));
        exchange.sink.send({ status, headers: ANSWER_HEADERS, body: text }, { closeConnection: false });
      },
    };
    await app.register(bodyRoutePlugin(route), { prefix: PATH });
  } else {
    throw new Error(`unknown variant kind ${kind}`);
  }
  return `${await app.listen({ port: 0, host: '127.0.0.1' })}${PATH}`;
}

const urls = {};
for (const spec of specs) {
  const [label, rest] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
  const at = rest.indexOf('@');
  const kind = at < 0 ? rest : rest.slice(0, at);
  const [adapterModule = '@fyno-kit/fastify', coreModule = '@fyno-kit/core'] = at < 0 ? [] : rest.slice(at + 1).split('#');
  urls[label] = await variant(kind, adapterModule, coreModule);
}
// `/heap/start` and `/heap/stop`: V8's sampling heap profiler around a slice, counting what was
// allocated (collected or not) in between, for route-ab.mjs's allocation rounds.
const inspector = new Session();
inspector.connect();
const allocatedBytes = (node) => node.selfSize + node.children.reduce((sum, child) => sum + allocatedBytes(child), 0);
const control = createServer(async (request, response) => {
  if (request.url === '/heap/start') {
    await inspector.post('HeapProfiler.enable');
    await inspector.post('HeapProfiler.startSampling', {
      samplingInterval: 512,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    return response.end('{}');
  }
  if (request.url === '/heap/stop') {
    const { profile } = await inspector.post('HeapProfiler.stopSampling');
    return response.end(JSON.stringify({ bytes: allocatedBytes(profile.head) }));
  }
  const { user, system } = process.cpuUsage();
  response.end(JSON.stringify({ cpuUs: user + system }));
});
await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve));
process.stdout.write(JSON.stringify({ urls, control: `http://127.0.0.1:${control.address().port}/` }) + '\n');
process.on('SIGTERM', () => process.exit(0));
