/** The shared notify-route contract over real HTTP: Express 4, emulator upstream. */
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import type { NotifyPolicy } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import type { Request } from 'express';
import express from 'express4';
import { z } from 'zod';
import { runAdapterSuite } from '../../../test-support/adapter-suite';
import { notifyRoute } from '../src/index';
import { listen } from './helpers';

runAdapterSuite('Express 4', {
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
