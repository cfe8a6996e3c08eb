/**
 * The shared preferences-route contract over real HTTP on Koa 3 and Koa 2 (behind a path check, so
 * the route answers every method itself; and on Koa 3 behind @koa/bodyparser), emulator upstream.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import Koa, { type Context } from 'koa';
import Koa2 from 'koa2';
import { runPreferencesSuite } from '@fyno-kit/test-support/preferences-suite';
import { preferences, type PreferencesPolicy } from '../src/index';

const PATH = '/api/fyno/preferences';

for (const [label, KoaClass, parsed] of [
  ['Koa 3', Koa, false],
  ['Koa 3 behind @koa/bodyparser', Koa, true],
  ['Koa 2', Koa2 as unknown as typeof Koa, false],
] as const)
  runPreferencesSuite(label, {
    async start(policy) {
      const appErrors: unknown[] = [];
      const app = new KoaClass();
      app.on('error', (error: { code?: unknown; status?: unknown }) => {
        // Koa's own report of a socket the client tore down: not something the route handed over.
        if (error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE') return;
        // The app's body parser refusing malformed JSON before the route runs (its 400, its report).
        if (parsed && error.status === 400) return;
        appErrors.push(error);
      });
      if (parsed) app.use(bodyParser());
      const route = preferences(policy as PreferencesPolicy<Context>);
      app.use((ctx, next) => (ctx.path === PATH ? route(ctx, next) : next()));
      const server: Server = createServer(app.callback());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`,
        close: () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
        appErrors: () => appErrors,
      };
    },
    // @koa/bodyparser, in front of the route, answers malformed JSON itself (Koa's 400 text).
    platformParsesBody: parsed,
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
  });
