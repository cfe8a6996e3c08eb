/**
 * The shared notify-route contract over real HTTP on Express 4 and Express 5, emulator upstream: the
 * route reading its own body, and behind the app's own `express.json()` (the common set-up, where a
 * compressed body is inflated before the route sees it). Every app has an error handler that records
 * what reaches it: nothing may.
 */
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import type { NotifyPolicy } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import express5, { type ErrorRequestHandler, type Request } from 'express';
import express4 from 'express4';
import { z } from 'zod';
import { runAdapterSuite, SUITE_REQUEST_TIMEOUT_MS } from '@fyno-kit/test-support/adapter-suite';
import { notifyRoute } from '../src/index';
import { listen } from './helpers';

const PARSERS = [
  { label: '', parser: undefined },
  { label: ' behind express.json()', parser: (e: typeof express5) => e.json() },
  { label: " behind express.json({ limit: '5mb' })", parser: (e: typeof express5) => e.json({ limit: '5mb' }) },
] as const;

for (const [name, express] of [
  ['Express 5', express5],
  ['Express 4', express4 as unknown as typeof express5],
] as const) {
  for (const { label, parser } of PARSERS) {
    runAdapterSuite(`${name}${label}`, {
      async start(policy) {
        const app = express();
        const errors: unknown[] = [];
        if (parser) app.use(parser(express));
        app.use('/api/fyno/notify', notifyRoute(policy as NotifyPolicy<Request>));
        const onError: ErrorRequestHandler = (error, _req, res, _next) => {
          errors.push(error);
          res.status(500).json({ handledBy: 'app' });
        };
        app.use(onError);
        // Behind express.json() only the server bounds a slow body: served as the deploying guide says.
        const server = await listen(app, parser ? { requestTimeout: SUITE_REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 250 } : undefined);
        return { url: `${server.origin}/api/fyno/notify`, close: server.close, appErrors: () => errors };
      },
      routeReadsBody: parser === undefined,
      slowBody: parser ? 'server' : 'route',
      startEmulator,
      createClient: (options: FynoOptions) => new Fyno(options),
      orderSchema: z.object({ order: z.string() }),
    });
  }
}
