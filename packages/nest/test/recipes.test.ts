/**
 * The README's recipes are the files in test/recipes (the README quotes them; the first test keeps
 * the two equal), typechecked with the package and run here against the built package on Express
 * and Fastify, with the emulator upstream.
 */
import 'reflect-metadata';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = new URL('.', import.meta.url);
const JWT_SECRET = `recipe-secret-${Math.random().toString(36).slice(2)}`;
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, events: '*', quiet: true });
  // The recipes read these, as an app would from its environment.
  Object.assign(process.env, { FYNO_WSID: emu.workspaceId, FYNO_API_KEY: emu.apiKey, FYNO_BASE_URL: emu.baseUrl, JWT_SECRET });
});
afterAll(async () => {
  await emu.stop();
});

/** An HS256 JWT, as the app's login would issue it. */
function jwt(sub: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, iat: Math.floor(Date.now() / 1000) })}`;
  return `${unsigned}.${createHmac('sha256', JWT_SECRET).update(unsigned).digest('base64url')}`;
}

async function start(platform: 'express' | 'fastify', file: string, prefix?: string): Promise<{ app: INestApplication; origin: string }> {
  const { AppModule } = (await import(/* @vite-ignore */ new URL(`recipes/${file}`, here).href)) as { AppModule: new () => unknown };
  const app =
    platform === 'fastify'
      ? await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(AppModule, { logger: false });
  if (prefix) app.setGlobalPrefix(prefix);
  await app.listen(0, '127.0.0.1');
  return { app, origin: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

const notify = (origin: string, headers: Record<string, string> = {}) =>
  fetch(`${origin}/api/fyno/notify`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"event":"order_shipped"}' });

describe('README recipes', () => {
  it('the README quotes each recipe file as it is', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const quoted = [...readme.matchAll(/<!-- recipe: (test\/recipes\/[\w.-]+\.ts) -->\n```ts\n([\s\S]*?)```/g)];
    const files = readdirSync(new URL('recipes', here)).filter((f) => f !== 'app.module.ts');
    expect(quoted.map((m) => m[1]).sort()).toEqual(files.map((f) => `test/recipes/${f}`).sort());
    for (const [, file, code] of quoted) expect(code, file).toBe(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));
  });

  describe.each(['express', 'fastify'] as const)('on %s', (platform) => {
    it('JWT with Passport: the global AuthGuard answers 401 without a token, identify reads req.user', async () => {
      const { app, origin } = await start(platform, 'jwt.module.ts');
      try {
        expect((await notify(origin)).status).toBe(401);
        expect((await notify(origin, { authorization: 'Bearer not.a.token' })).status).toBe(401);
        expect(emu.requests()).toHaveLength(0);
        const user = `u_jwt_${platform}`;
        expect((await notify(origin, { authorization: `Bearer ${jwt(user)}` })).status).toBe(202);
        expect(emu.messages({ distinct_id: user })).toHaveLength(1);
      } finally {
        await app.close();
        emu.clear();
      }
    });

    it('ThrottlerGuard on the route: the sixth request in a minute gets 429, nothing sent for it', async () => {
      const { app, origin } = await start(platform, 'throttler.module.ts');
      try {
        // No global guard in this recipe: nobody is signed in, so the route answers 401 — after the throttler.
        const statuses: number[] = [];
        for (let i = 0; i < 6; i++) statuses.push((await notify(origin)).status);
        expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
        expect(emu.requests()).toHaveLength(0);
      } finally {
        await app.close();
      }
    });

    it('forRootAsync with ConfigService: credentials and path from the environment', async () => {
      process.env.FYNO_NOTIFY_PATH = 'hooks/notify';
      const { app, origin } = await start(platform, 'config.module.ts', 'v1');
      delete process.env.FYNO_NOTIFY_PATH;
      try {
        const res = await fetch(`${origin}/v1/hooks/notify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"event":"order_shipped"}',
        });
        // The route is there (no user is signed in without a guard): its own 401, in its own shape.
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      } finally {
        await app.close();
      }
    });
  });
});
