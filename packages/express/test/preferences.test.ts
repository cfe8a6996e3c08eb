/**
 * The shared preferences-route contract over real HTTP on Express 4 and 5 (under `app.use`, behind
 * `express.json()` and without it, and with `req.fyno` as the client) and on the web-standard handler.
 */
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { createPreferencesHandler, type PreferencesPolicy } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import type { Request } from 'express';
import { runPreferencesSuite } from '@fyno-kit/test-support/preferences-suite';
import { fyno, preferences } from '../src/index';
import { EXPRESS_VERSIONS, listen } from './helpers';
import { serveWebHandler } from './web-bridge';

for (const { name, express } of EXPRESS_VERSIONS) {
  for (const parsed of [true, false]) {
    runPreferencesSuite(`${name}${parsed ? ' behind express.json()' : ''}`, {
      async start(policy) {
        const app = express();
        const appErrors: unknown[] = [];
        if (parsed) app.use(express.json());
        app.use('/api/fyno/preferences', preferences(policy as PreferencesPolicy<Request>));
        app.use((error: unknown, _req: unknown, res: { status(n: number): { end(): void } }, _next: unknown) => {
          appErrors.push(error);
          res.status(500).end();
        });
        const server = await listen(app);
        return { url: `${server.origin}/api/fyno/preferences`, close: server.close, appErrors: () => appErrors };
      },
      startEmulator,
      createClient: (options: FynoOptions) => new Fyno(options),
    });
  }
}

runPreferencesSuite('Express 5 with req.fyno as the client, app.get + app.post', {
  async start(policy) {
    const { express } = EXPRESS_VERSIONS[0];
    const app = express();
    const { client, ...rest } = policy;
    app.use(fyno(client as Fyno));
    const handlers = preferences(rest as PreferencesPolicy<Request>);
    app.get('/api/fyno/preferences', ...handlers);
    app.post('/api/fyno/preferences', ...handlers);
    const server = await listen(app);
    return { url: `${server.origin}/api/fyno/preferences`, close: server.close };
  },
  // Only GET and POST are routed: other methods are Express's 404.
  answersOtherMethods: false,
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
});

runPreferencesSuite('web-standard handler', {
  start: (policy) => serveWebHandler(createPreferencesHandler(policy as PreferencesPolicy<globalThis.Request>), '/api/fyno/preferences'),
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
});
