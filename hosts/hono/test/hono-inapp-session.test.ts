/** The shared in-app session suite on Hono 4 served by @hono/node-server, the one-line mount `(c) => handler(c.req.raw, c)`. */
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { createInappSessionHandler, type InappSessionHandlerOptions } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import { type Context, Hono } from 'hono';
import { runInappSessionSuite } from '@fyno-kit/test-support/inapp-session-suite';
import { serveApp } from './serve-app';

runInappSessionSuite('Hono on Node (@hono/node-server)', {
  async start(options) {
    const handler = createInappSessionHandler(options as InappSessionHandlerOptions<Context>);
    const app = new Hono();
    // `all`, so the route itself answers other methods with its 405.
    app.all('/api/fyno/inapp-session', (c) => handler(c.req.raw, c));
    const { origin, close } = await serveApp(app);
    return { url: `${origin}/api/fyno/inapp-session`, close };
  },
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
});
