/** The shared notify-route contract over real HTTP on Express 4 and Express 5, emulator upstream. */
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import type { NotifyPolicy } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import express5, { type Request } from 'express';
import express4 from 'express4';
import { z } from 'zod';
import { runAdapterSuite } from '../../../test-support/adapter-suite';
import { notifyRoute } from '../src/index';
import { listen } from './helpers';

for (const [name, express] of [['Express 5', express5], ['Express 4', express4]] as const) {
  runAdapterSuite(name, {
    async start(policy) {
      const app = express();
      app.use('/api/fyno/notify', notifyRoute(policy as NotifyPolicy<Request>));
      const server = await listen(app);
      return { url: `${server.origin}/api/fyno/notify`, close: server.close };
    },
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
    orderSchema: z.object({ order: z.string() }),
  });
}
