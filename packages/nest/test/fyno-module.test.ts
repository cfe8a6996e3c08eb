import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Fyno } from '@fyno-kit/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FYNO_CLIENT, FYNO_MODULE_OPTIONS, FynoModule, InjectFyno, type FynoModuleOptions, type FynoOptionsFactory } from '../src/index';

let emu: RunningEmulator;
let clientOptions: FynoModuleOptions;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, events: '*', quiet: true });
  clientOptions = {
    client: { workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, version: 'test' },
    // Every variant serves the route too: where its options come from must not matter to it.
    notifyRoute: {
      identify: (req: { headers: Record<string, unknown> }) => (req.headers['x-user'] as string | undefined) ?? null,
      events: { order_shipped: {} },
    },
  };
});
afterAll(async () => {
  await emu.stop();
});

/** Stands in for `@nestjs/config`: a module that exports a settings service. */
@Injectable()
class SettingsService {
  get(): FynoModuleOptions {
    return { ...clientOptions, client: { ...clientOptions.client, timeoutMs: 5_000 } };
  }
}

@Module({ providers: [SettingsService], exports: [SettingsService] })
class SettingsModule {}

@Injectable()
class FynoSettings implements FynoOptionsFactory {
  constructor(private readonly settings: SettingsService) {}
  createFynoOptions(): FynoModuleOptions {
    return this.settings.get();
  }
}

@Module({ imports: [SettingsModule], providers: [FynoSettings], exports: [FynoSettings] })
class FynoSettingsModule {}

/** Injects the client both ways: by class (decorator metadata) and by token. */
@Injectable()
class OrdersService {
  constructor(
    readonly byClass: Fyno,
    @InjectFyno() readonly byToken: Fyno,
  ) {}

  shipped(userId: string, order: string) {
    return this.byClass.fire('order_shipped', { distinct_id: userId, data: { order } });
  }
}

/** A feature module that does not import FynoModule: it resolves `Fyno` only when FynoModule is global. */
@Module({ providers: [OrdersService], exports: [OrdersService] })
class OrdersModule {}

type Variant = { name: string; module: (isGlobal?: boolean) => ReturnType<typeof FynoModule.forRoot> };

const variants: Variant[] = [
  { name: 'forRoot', module: (isGlobal) => FynoModule.forRoot({ ...clientOptions, isGlobal }) },
  {
    name: 'forRootAsync useFactory',
    module: (isGlobal) =>
      FynoModule.forRootAsync({
        imports: [SettingsModule],
        inject: [SettingsService],
        useFactory: async (settings: SettingsService) => settings.get(),
        notifyRoute: {},
        isGlobal,
      }),
  },
  {
    name: 'forRootAsync useClass',
    module: (isGlobal) => FynoModule.forRootAsync({ imports: [SettingsModule], useClass: FynoSettings, notifyRoute: {}, isGlobal }),
  },
  {
    name: 'forRootAsync useExisting',
    module: (isGlobal) => FynoModule.forRootAsync({ imports: [FynoSettingsModule], useExisting: FynoSettings, notifyRoute: {}, isGlobal }),
  },
];

describe.each(variants)('FynoModule.$name', ({ module }) => {
  it('provides one Fyno client, by class and by FYNO_CLIENT, and exports the options', async () => {
    const ref = await Test.createTestingModule({ imports: [module()] }).compile();
    try {
      const fyno = ref.get(Fyno);
      expect(fyno).toBeInstanceOf(Fyno);
      expect(fyno.workspaceId).toBe(emu.workspaceId);
      expect(fyno.version).toBe('test');
      expect(ref.get(FYNO_CLIENT)).toBe(fyno);
      const options = ref.get<FynoModuleOptions>(FYNO_MODULE_OPTIONS);
      expect(options.client?.apiKey).toBe(emu.apiKey);
      // `isGlobal` is an extra of the module, not an option of the client.
      expect(options).not.toHaveProperty('isGlobal');
    } finally {
      await ref.close();
    }
  });

  it('isGlobal: a feature module injects the client without importing FynoModule', async () => {
    const ref = await Test.createTestingModule({ imports: [module(true), OrdersModule] }).compile();
    try {
      const orders = ref.get(OrdersService);
      expect(orders.byClass).toBeInstanceOf(Fyno);
      expect(orders.byToken).toBe(orders.byClass);
      expect(orders.byClass).toBe(ref.get(Fyno));
    } finally {
      await ref.close();
    }
  });

  it('not global: the same feature module cannot resolve the client', async () => {
    await expect(Test.createTestingModule({ imports: [module(false), OrdersModule] }).compile()).rejects.toThrow(
      /can't resolve dependencies of the OrdersService/,
    );
    await expect(Test.createTestingModule({ imports: [module(), OrdersModule] }).compile()).rejects.toThrow(/can't resolve dependencies of the OrdersService/);
  });

  it('the injected client fires a real event to the emulator', async () => {
    @Module({ imports: [module()], providers: [OrdersService] })
    class AppModule {}
    const ref = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = ref.createNestApplication({ logger: false });
    await app.init();
    try {
      const userId = `u_${Math.random().toString(36).slice(2)}`;
      const result = await app.get(OrdersService).shipped(userId, 'A-1001');
      expect(result.request_id).toEqual(expect.any(String));
      const messages = await emu.messages({ distinct_id: userId });
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ event: 'order_shipped', version: 'test', data: { order: 'A-1001' } });
    } finally {
      await app.close();
    }
  });
});

describe.each(variants)('FynoModule.$name serves the notify route', ({ module }) => {
  it.each(['express', 'fastify'] as const)('on %s', async (platform) => {
    @Module({ imports: [module()] })
    class AppModule {}
    const app =
      platform === 'fastify'
        ? await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false })
        : await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    try {
      const { port } = app.getHttpServer().address() as AddressInfo;
      const userId = `u_${platform}_${Math.random().toString(36).slice(2)}`;
      const res = await fetch(`http://127.0.0.1:${port}/api/fyno/notify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user': userId },
        body: JSON.stringify({ event: 'order_shipped', data: { order: 'V-1' } }),
      });
      expect(res.status).toBe(202);
      expect(await emu.messages({ distinct_id: userId })).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});

describe('FynoModule options', () => {
  it('a missing API key fails at startup with the core validation error', async () => {
    await expect(
      Test.createTestingModule({ imports: [FynoModule.forRoot({ client: { workspaceId: 'WS', apiKey: '', baseUrl: emu.baseUrl } })] }).compile(),
    ).rejects.toThrow(/Missing Fyno API key/);
  });

  const policy = { identify: () => 'u_1', events: { order_shipped: {} } };

  it('forRootAsync: a factory that returns a route nobody declared fails at startup, and says how to declare it', async () => {
    const module = FynoModule.forRootAsync({ useFactory: () => ({ client: clientOptions.client, notifyRoute: policy }) });
    await expect(Test.createTestingModule({ imports: [module] }).compile()).rejects.toThrow(/declare the route: forRootAsync\(\{ notifyRoute: \{\}/);
  });

  it('forRootAsync: a declared route whose factory returns no policy fails at startup', async () => {
    const module = FynoModule.forRootAsync({ notifyRoute: { path: 'fyno/notify' }, useFactory: () => ({ client: clientOptions.client }) });
    await expect(Test.createTestingModule({ imports: [module] }).compile()).rejects.toThrow(/the factory returned none/);
  });

  it('forRootAsync: a path, guards or controller from the factory fail at startup instead of being ignored', async () => {
    for (const extra of [{ path: 'elsewhere' }, { guards: [] }, { controller: false }]) {
      const module = FynoModule.forRootAsync({ notifyRoute: {}, useFactory: () => ({ client: clientOptions.client, notifyRoute: { ...policy, ...extra } }) });
      await expect(Test.createTestingModule({ imports: [module] }).compile()).rejects.toThrow(
        /give them in forRootAsync\(\{ notifyRoute: \{ path, guards, controller \} \}\)/,
      );
    }
  });
});
