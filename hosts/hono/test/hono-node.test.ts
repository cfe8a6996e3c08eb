/**
 * The shared notify-route suite on Hono 4 served by @hono/node-server, the one-line mount
 * `(c) => handler(c.req.raw, c)`; and `identify` reading the user an auth middleware put on `c`.
 */
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { createNotifyHandler, type NotifyPolicy } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import { Hono, type Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runAdapterSuite } from '@fyno-kit/test-support/adapter-suite';
import { serveApp } from './serve-app';

type Env = { Variables: { user: { id: string } | undefined } };

runAdapterSuite('Hono on Node (@hono/node-server)', {
  async start(policy) {
    const handler = createNotifyHandler(policy as NotifyPolicy<Request>);
    const app = new Hono<Env>();
    // `all`, so the route itself answers other methods with its 405.
    app.all('/api/fyno/notify', (c) => handler(c.req.raw));
    const { origin, close } = await serveApp(app);
    return { url: `${origin}/api/fyno/notify`, close };
  },
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
  orderSchema: z.object({ order: z.string() }),
});

describe('Hono: identify receives the context', () => {
  it("reads the user an auth middleware set with c.set('user'), and the route answers from Hono", async () => {
    const emu = await startEmulator({ port: 0, events: ['order_shipped'] });
    const fyno = new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, maxRetries: 0 });
    const handler = createNotifyHandler({
      identify: (_request, c: Context<Env>) => c.get('user')?.id,
      events: { order_shipped: {} },
      client: fyno,
    });
    const app = new Hono<Env>();
    // The app's own auth: a bearer token standing for a session here.
    app.use('/api/*', async (c, next) => {
      c.set('user', c.req.header('authorization') === 'Bearer ana-token' ? { id: 'u_ana' } : undefined);
      await next();
    });
    app.post('/api/fyno/notify', (c) => handler(c.req.raw, c));
    const { origin, close } = await serveApp(app);
    try {
      const fire = (authorization?: string) =>
        fetch(`${origin}/api/fyno/notify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ event: 'order_shipped', data: { order: 'H-1' } }),
        });
      expect((await fire()).status).toBe(401);
      expect((await fire('Bearer ana-token')).status).toBe(202);
      expect(emu.messages()).toMatchObject([{ event: 'order_shipped', distinct_id: 'u_ana', data: { order: 'H-1' } }]);
    } finally {
      await close();
      await fyno.close();
      await emu.stop();
    }
  });
});
