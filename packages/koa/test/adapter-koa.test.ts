/**
 * The shared notify-route contract against Koa 3 over a real socket, including the hostile cases;
 * and `identify` reading `ctx.state.user`, set by the app's own auth middleware.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import Koa, { type Context } from 'koa';
import Koa2 from 'koa2';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runAdapterSuite } from '@fyno-kit/test-support/adapter-suite';
import { notifyRoute, type NotifyPolicy } from '../src/index';

const PATH = '/api/fyno/notify';

async function listen(app: Pick<Koa, 'callback'>): Promise<{ server: Server; origin: string }> {
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

for (const [label, KoaClass] of [
  ['Koa 3', Koa],
  ['Koa 2', Koa2 as unknown as typeof Koa],
] as const)
  runAdapterSuite(label, {
    async start(policy) {
      const appErrors: unknown[] = [];
      const app = new KoaClass();
      app.on('error', (error: { code?: unknown }) => {
        // Koa itself reports a socket the client tore down mid-request, for every route of every app
        // (its on-finished watch on the response): not something the route handed over.
        if (error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE') return;
        appErrors.push(error);
      });
      const route = notifyRoute(policy as NotifyPolicy<Context>);
      app.use(async (ctx, next) => (ctx.path === PATH ? route(ctx, next) : next()));
      const { server, origin } = await listen(app);
      return { url: `${origin}${PATH}`, close: () => closeServer(server), appErrors: () => appErrors };
    },
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
    orderSchema: z.object({ order: z.string() }),
  });

describe('Koa: identify receives ctx', () => {
  it("reads ctx.state.user from the app's auth middleware; nothing after the route runs", async () => {
    const emu = await startEmulator({ port: 0, events: ['order_shipped'] });
    const fyno = new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, maxRetries: 0 });
    const app = new Koa();
    let downstream = 0;
    app.use(async (ctx, next) => {
      if (ctx.get('authorization') === 'Bearer ana-token') ctx.state.user = { id: 'u_ana' };
      await next();
    });
    const route = notifyRoute({ identify: (ctx) => (ctx.state.user as { id: string } | undefined)?.id, events: { order_shipped: {} }, client: fyno });
    app.use(async (ctx, next) => (ctx.path === PATH ? route(ctx, next) : next()));
    app.use((ctx) => {
      downstream++;
      ctx.body = 'not the route';
    });
    const { server, origin } = await listen(app);
    try {
      const fire = (authorization?: string) =>
        fetch(`${origin}${PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ event: 'order_shipped', data: { order: 'K-1' } }),
        });
      const signedOut = await fire();
      expect([signedOut.status, (await signedOut.json()).error.code]).toEqual([401, 'unauthorized']);
      expect((await fire('Bearer ana-token')).status).toBe(202);
      expect(emu.messages()).toMatchObject([{ event: 'order_shipped', distinct_id: 'u_ana', data: { order: 'K-1' } }]);
      expect(downstream).toBe(0);
    } finally {
      await closeServer(server);
      await fyno.close();
      await emu.stop();
    }
  });
});
