/** The shared in-app session contract over real HTTP on Fastify 5, emulator upstream. */
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import type { InappSessionOptions } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import Fastify, { type FastifyRequest } from 'fastify';
import { runInappSessionSuite } from '@fyno-kit/test-support/inapp-session-suite';
import { inappSession } from '../src/index';
import { listen } from './helpers';

runInappSessionSuite('Fastify 5', {
  async start(options) {
    const app = Fastify();
    await app.register(inappSession(options as InappSessionOptions<FastifyRequest>), { prefix: '/api/fyno/inapp-session' });
    const server = await listen(app);
    return { url: `${server.origin}/api/fyno/inapp-session`, close: server.close };
  },
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
});
