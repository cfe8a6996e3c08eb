/** The shared preferences-route suite on Hono 4 served by @hono/node-server, the one-line mount `(c) => handler(c.req.raw, c)`. */
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { createPreferencesHandler, type PreferencesHandlerPolicy } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import { type Context, Hono } from 'hono';
import { runPreferencesSuite } from '@fyno-kit/test-support/preferences-suite';
import { serveApp } from './serve-app';

runPreferencesSuite('Hono on Node (@hono/node-server)', {
  async start(policy) {
    const handler = createPreferencesHandler(policy as PreferencesHandlerPolicy<Context>);
    const app = new Hono();
    // `all`, so the route itself answers other methods with its 405.
    app.all('/api/fyno/preferences', (c) => handler(c.req.raw, c));
    const { origin, close } = await serveApp(app);
    return { url: `${origin}/api/fyno/preferences`, close };
  },
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
});
