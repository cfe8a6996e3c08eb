/**
 * The built package, as a consumer gets it: `dist/index.cjs` through `require` and `dist/index.js`
 * through `import`, each in a tiny Nest app whose service takes `Fyno` by class. Run `build` first
 * (turbo's `test` task does).
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Fyno as FynoEsm } from '@fyno-kit/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// A CommonJS consumer gets core's CommonJS `Fyno`: a class of its own, which its DI tokens must match.
import { Fyno as FynoCjs } from './fixtures/core-cjs';

type NestPackage = typeof import('../src/index');

const require = createRequire(import.meta.url);
const distCjs = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));
const distEsm = fileURLToPath(new URL('../dist/index.js', import.meta.url));

let emu: RunningEmulator;
beforeAll(async () => {
  if (!existsSync(distCjs) || !existsSync(distEsm)) throw new Error('dist/ is missing: run `pnpm --filter @fyno-kit/nest build` first');
  emu = await startEmulator({ port: 0, events: '*', quiet: true });
});
afterAll(async () => {
  await emu.stop();
});

// Decorated here, as in a consumer's own code: metadata names the `Fyno` class of each module format.
@Injectable()
class CjsOrders {
  constructor(readonly fyno: FynoCjs) {}
}

@Injectable()
class EsmOrders {
  constructor(readonly fyno: FynoEsm) {}
}

async function proveInjection(pkg: NestPackage, Orders: typeof CjsOrders | typeof EsmOrders, FynoClass: typeof FynoEsm) {
  // swc kept the built module's own decorator metadata.
  expect(Reflect.getMetadata('design:paramtypes', pkg.FynoModule)).toHaveLength(5);
  @Module({
    imports: [
      pkg.FynoModule.forRootAsync({
        notifyRoute: {},
        useFactory: () => ({
          client: { workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl },
          notifyRoute: { identify: (req: { headers: Record<string, unknown> }) => String(req.headers['x-user'] ?? '') || null, events: { order_shipped: {} } },
        }),
        isGlobal: true,
      }),
    ],
    providers: [Orders],
  })
  class AppModule {}
  const ref = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = ref.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  try {
    // The built controller serves the route (its parameter decorators and injection survived the build).
    const { port } = app.getHttpServer().address() as { port: number };
    const routeUser = `u_route_${Math.random().toString(36).slice(2)}`;
    const res = await fetch(`http://127.0.0.1:${port}/api/fyno/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user': routeUser },
      body: JSON.stringify({ event: 'order_shipped' }),
    });
    expect(res.status).toBe(202);
    expect(emu.messages({ distinct_id: routeUser })).toHaveLength(1);
    const orders = app.get(Orders);
    expect(orders.fyno).toBeInstanceOf(FynoClass);
    expect(orders.fyno).toBe(app.get(pkg.FYNO_CLIENT));
    const userId = `u_dist_${Math.random().toString(36).slice(2)}`;
    await orders.fyno.fire('order_shipped', { distinct_id: userId, data: { order: 'D-1' } });
    expect(emu.messages({ distinct_id: userId })).toHaveLength(1);
  } finally {
    await app.close();
  }
}

describe('built dist', () => {
  it('CommonJS (require dist/index.cjs): constructor injection by class works', async () => {
    const pkg = require(distCjs) as NestPackage;
    await proveInjection(pkg, CjsOrders, FynoCjs);
  });

  it('ESM (import dist/index.js): constructor injection by class works', async () => {
    const pkg = (await import(/* @vite-ignore */ distEsm)) as NestPackage;
    await proveInjection(pkg, EsmOrders, FynoEsm);
  });

  it('the two builds share their injection tokens', async () => {
    const cjs = require(distCjs) as NestPackage;
    const esm = (await import(/* @vite-ignore */ distEsm)) as NestPackage;
    expect(cjs.FYNO_CLIENT).toBe(esm.FYNO_CLIENT);
    expect(cjs.FYNO_MODULE_OPTIONS).toBe(esm.FYNO_MODULE_OPTIONS);
  });
});
