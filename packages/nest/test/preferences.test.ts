/**
 * The shared preferences-route contract over real HTTP on Nest (platform-express and platform-fastify),
 * emulator upstream; and the controller behind a denying global guard: the route never runs.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { type CanActivate, type INestApplication, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPreferencesSuite, SUITE_PREFERENCE_TOPICS } from '@fyno-kit/test-support/preferences-suite';
import { createPreferencesController, type FynoPreferencesOptions, FynoModule } from '../src/index';

const platforms = [
  { name: 'Nest (platform-express)', create: (m: unknown) => NestFactory.create(m as never, { logger: false }) },
  { name: 'Nest (platform-fastify)', create: (m: unknown) => NestFactory.create(m as never, new FastifyAdapter(), { logger: false }) },
];

async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

for (const platform of platforms) {
  runPreferencesSuite(platform.name, {
    async start(policy) {
      @Module({ controllers: [createPreferencesController(policy as FynoPreferencesOptions<never>)] })
      class AppModule {}
      const app = await platform.create(AppModule);
      const origin = await listen(app);
      return { url: `${origin}/api/fyno/preferences`, close: () => app.close() };
    },
    platformParsesBody: true,
    startEmulator: (options) => startEmulator({ ...options, quiet: true }),
    createClient: (options: FynoOptions) => new Fyno(options),
  });
}

class DenyAll implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

describe("preferences controller behind the app's guards", () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let fyno: Fyno;
  beforeAll(async () => {
    emu = await startEmulator({ quiet: true });
    fyno = new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, maxRetries: 0 });
  });
  afterAll(async () => {
    await fyno.close();
    await emu.stop();
  });

  for (const platform of platforms) {
    it(`${platform.name}: a denying global guard answers 403; identify never runs and nothing reaches Fyno`, async () => {
      let identified = 0;
      await fyno.profiles.upsert({ distinct_id: 'u_guarded', channel: { email: 'g@example.com' } });
      emu.clear();
      @Module({
        imports: [FynoModule.forRoot({ client: { workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl } })],
        controllers: [
          createPreferencesController({
            identify: () => {
              identified++;
              return 'u_guarded';
            },
            topics: SUITE_PREFERENCE_TOPICS,
          }),
        ],
        providers: [{ provide: APP_GUARD, useClass: DenyAll }],
      })
      class GuardedModule {}
      const app = await platform.create(GuardedModule);
      try {
        const origin = await listen(app);
        const res = await fetch(`${origin}/api/fyno/preferences`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ changes: [{ topic: 'SORDERS001', channel: 'email', on: false }] }),
        });
        expect(res.status).toBe(403);
        expect(identified).toBe(0);
        expect(emu.requests()).toEqual([]);
        expect((await fyno.preferences.get('u_guarded')).result.Orders?.[0]?.preference.email).toBe('opted-in');
      } finally {
        await app.close();
      }
    });

    it(`${platform.name}: uses the FynoModule's client when the options name none, at a path of its own`, async () => {
      @Module({
        imports: [FynoModule.forRoot({ client: { workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl } })],
        controllers: [createPreferencesController({ identify: () => 'u_module', topics: { SORDERS001: true }, path: '/settings/notifications/' })],
      })
      class ModuleClient {}
      const app = await platform.create(ModuleClient);
      try {
        const origin = await listen(app);
        const res = await fetch(`${origin}/settings/notifications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ changes: [{ topic: 'SORDERS001', channel: 'push', on: false }] }),
        });
        expect(res.status).toBe(200);
        expect((await res.json()).sections[0].topics[0].channels).toContainEqual({ channel: 'push', on: false, required: false });
        expect((await fyno.preferences.get('u_module')).result.Orders?.[0]?.preference.push).toBe('opted-out');
      } finally {
        await app.close();
      }
    });
  }
});
