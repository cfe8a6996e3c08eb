/**
 * The shared in-app session contract over real HTTP on Nest (platform-express and platform-fastify),
 * emulator upstream; and the controller behind a denying global guard: the route never runs.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Module, type CanActivate, type INestApplication } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInappSessionSuite, suiteIdentify } from '@fyno-kit/test-support/inapp-session-suite';
import { createInappSessionController, FynoModule, type FynoInappSessionOptions } from '../src/index';

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
  runInappSessionSuite(platform.name, {
    async start(options) {
      @Module({ controllers: [createInappSessionController(options as FynoInappSessionOptions<never>)] })
      class AppModule {}
      const app = await platform.create(AppModule);
      const origin = await listen(app);
      return { url: `${origin}/api/fyno/inapp-session`, close: () => app.close() };
    },
    startEmulator: (options) => startEmulator({ ...options, quiet: true }),
    createClient: (options: FynoOptions) => new Fyno(options),
  });
}

class DenyAll implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

describe("in-app session controller behind the app's guards", () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    emu = await startEmulator({ quiet: true, inapp: { integrationToken: 'itok_guarded_secret' } });
  });
  afterAll(() => emu.stop());

  for (const platform of platforms) {
    it(`${platform.name}: a denying global guard answers 403 and the route never signs or registers`, async () => {
      let identified = 0;
      @Module({
        imports: [FynoModule.forRoot({ client: { workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl } })],
        controllers: [
          createInappSessionController({
            identify: (req) => {
              identified++;
              return suiteIdentify(req);
            },
            integrationId: emu.inapp.integrationId,
            integrationToken: emu.inapp.integrationToken,
          }),
        ],
        providers: [{ provide: APP_GUARD, useClass: DenyAll }],
      })
      class GuardedModule {}
      const app = await platform.create(GuardedModule);
      try {
        const origin = await listen(app);
        const res = await fetch(`${origin}/api/fyno/inapp-session`, { method: 'POST', headers: { 'x-test-user': 'u_1' } });
        const text = await res.text();
        expect(res.status).toBe(403);
        expect(text).not.toContain('itok_guarded_secret');
        expect(identified).toBe(0);
        const profile = await fetch(`${emu.baseUrl}/${emu.workspaceId}/live/profiles/u_1`, { headers: { authorization: `Bearer ${emu.apiKey}` } });
        expect(profile.status).toBe(400);
      } finally {
        await app.close();
      }
    });

    it(`${platform.name}: signs with the FynoModule's client when the options name none`, async () => {
      @Module({
        imports: [FynoModule.forRoot({ client: { workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl } })],
        controllers: [
          createInappSessionController({
            identify: suiteIdentify,
            integrationId: emu.inapp.integrationId,
            integrationToken: emu.inapp.integrationToken,
            url: emu.inapp.url,
          }),
        ],
      })
      class ModuleClient {}
      const app = await platform.create(ModuleClient);
      try {
        const origin = await listen(app);
        const res = await fetch(`${origin}/api/fyno/inapp-session`, { method: 'POST', headers: { 'x-test-user': 'u_mod' } });
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ userId: 'u_mod', workspaceId: emu.workspaceId, url: emu.inapp.url });
        expect(emu.inapp.messages('u_mod')).toEqual([]);
        const profile = await (
          await fetch(`${emu.baseUrl}/${emu.workspaceId}/live/profiles/u_mod`, { headers: { authorization: `Bearer ${emu.apiKey}` } })
        ).json();
        expect(profile.channel.inapp).toEqual([{ token: 'u_mod', integration_id: emu.inapp.integrationId, status: 1 }]);
      } finally {
        await app.close();
      }
    });
  }
});
