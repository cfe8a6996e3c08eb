/** The shared preferences-route suite on Hono 4 served by @hono/node-server, the one-line mount `(c) => handler(c.req.raw, c)`. */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { createPreferencesHandler, type PreferencesHandlerPolicy } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import { type Context, Hono } from 'hono';
import { runPreferencesSuite } from '@fyno-kit/test-support/preferences-suite';

runPreferencesSuite('Hono on Node (@hono/node-server)', {
  async start(policy) {
    const handler = createPreferencesHandler(policy as PreferencesHandlerPolicy<Context>);
    const app = new Hono();
    // `all`, so the route itself answers other methods with its 405.
    app.all('/api/fyno/preferences', (c) => handler(c.req.raw, c));
    const { server, origin } = await new Promise<{ server: ServerType; origin: string }>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
        resolve({ server: s, origin: `http://127.0.0.1:${info.port}` }),
      );
    });
    return {
      url: `${origin}/api/fyno/preferences`,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
    };
  },
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
});
