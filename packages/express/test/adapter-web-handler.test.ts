/**
 * The shared notify-route contract against the web-standard handler (`createNotifyHandler`), served
 * through a minimal node:http → `Request` bridge like the ones Next.js, Hono and Bun run internally.
 */
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { createNotifyHandler, type NotifyPolicy } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import { z } from 'zod';
import { runAdapterSuite } from '@fyno-kit/test-support/adapter-suite';
import { serveWebHandler } from './web-bridge';

runAdapterSuite('web-standard handler', {
  start: (policy) => serveWebHandler(createNotifyHandler(policy as NotifyPolicy<Request>), '/api/fyno/notify'),
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
  orderSchema: z.object({ order: z.string() }),
});
