/**
 * The shared in-app session contract over real HTTP on Koa 3 and Koa 2 (behind a path check, so the
 * route answers every method itself), emulator upstream; and `identify` reading `ctx.state.user`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import Koa, { type Context } from 'koa';
import Koa2 from 'koa2';
import { describe, expect, it } from 'vitest';
import { runInappSessionSuite } from '@fyno-kit/test-support/inapp-session-suite';
import { inappSession, type InappSessionOptions } from '../src/index';

const PATH = '/api/fyno/inapp-session';

async function listen(app: Pick<Koa, 'callback'>): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

for (const [label, KoaClass] of [
  ['Koa 3', Koa],
  ['Koa 2', Koa2 as unknown as typeof Koa],
] as const)
  runInappSessionSuite(label, {
    async start(options) {
      const app = new KoaClass();
      const route = inappSession(options as InappSessionOptions<Context>);
      app.use((ctx, next) => (ctx.path === PATH ? route(ctx, next) : next()));
      const server = await listen(app);
      return { url: `${server.origin}${PATH}`, close: server.close };
    },
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
  });

describe('Koa inappSession(): identify receives ctx', () => {
  it("signs the user the app's auth middleware put on ctx.state, 401 without one", async () => {
    const emu = await startEmulator({ port: 0, inapp: { integrationId: 'IKOA', integrationToken: 'itok_koa_not_a_secret' } });
    const fyno = new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, maxRetries: 0 });
    const app = new Koa();
    app.use(async (ctx, next) => {
      if (ctx.get('authorization') === 'Bearer ana-token') ctx.state.user = { id: 'u_ana' };
      await next();
    });
    const route = inappSession({
      identify: (ctx) => (ctx.state.user as { id: string } | undefined)?.id,
      integrationId: 'IKOA',
      integrationToken: 'itok_koa_not_a_secret',
      url: emu.inapp.url,
      client: fyno,
    });
    app.use((ctx, next) => (ctx.path === PATH ? route(ctx, next) : next()));
    const server = await listen(app);
    try {
      const open = (authorization?: string) => fetch(`${server.origin}${PATH}`, { method: 'POST', headers: authorization ? { authorization } : {} });
      expect((await open()).status).toBe(401);
      const ok = await open('Bearer ana-token');
      expect(ok.status).toBe(200);
      const session = (await ok.json()) as { userId: string; signature: string };
      expect(session).toMatchObject({ userId: 'u_ana', integrationId: 'IKOA', workspaceId: emu.workspaceId, url: emu.inapp.url });
      expect(session.signature).toBe(await fyno.inappSignature('u_ana', 'itok_koa_not_a_secret'));
    } finally {
      await server.close();
      await fyno.close();
      await emu.stop();
    }
  });
});
