/**
 * The shared in-app session contract over real HTTP on Express 4 and 5 (mounted with `app.post` and
 * under `app.use`) and on the web-standard handler, emulator upstream.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { createInappSessionHandler, type InappSessionOptions } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import express5, { type Request } from 'express';
import express4 from 'express4';
import { runInappSessionSuite } from '@fyno-kit/test-support/inapp-session-suite';
import { fyno, inappSession } from '../src/index';
import { listen } from './helpers';

for (const [name, express] of [
  ['Express 5', express5],
  ['Express 4', express4 as unknown as typeof express5],
] as const) {
  for (const mount of ['post', 'use'] as const) {
    runInappSessionSuite(`${name} (app.${mount})`, {
      async start(options) {
        const app = express();
        app.use(express.json());
        app[mount]('/api/fyno/inapp-session', inappSession(options as InappSessionOptions<Request>));
        const server = await listen(app);
        return { url: `${server.origin}/api/fyno/inapp-session`, close: server.close };
      },
      // `app.post` routes only POST: other methods are Express's 404, not the route's 405.
      answersOtherMethods: mount === 'use',
      startEmulator,
      createClient: (options: FynoOptions) => new Fyno(options),
    });
  }
}

runInappSessionSuite('Express 5 with req.fyno as the client', {
  async start(options) {
    const app = express5();
    const { client, ...rest } = options;
    // The suite's own Fyno goes through `fyno()`; a stand-in client stays in the options.
    if (client instanceof Fyno) app.use(fyno(client));
    const routeOptions = client instanceof Fyno ? rest : options;
    app.use('/api/fyno/inapp-session', inappSession(routeOptions as InappSessionOptions<Request>));
    const server = await listen(app);
    return { url: `${server.origin}/api/fyno/inapp-session`, close: server.close };
  },
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
});

runInappSessionSuite('web-standard handler', {
  async start(options) {
    const handler = createInappSessionHandler(options as InappSessionOptions<globalThis.Request>);
    const server = createServer((req, res) => {
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      void handler(new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: req.method ?? 'GET', headers })).then(async (response) => {
        const out: Record<string, string> = {};
        response.headers.forEach((value, key) => (out[key] = value));
        res.writeHead(response.status, out);
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/api/fyno/inapp-session`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
});
