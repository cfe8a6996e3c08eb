/** The shared preferences-route contract over real HTTP on Fastify 5 (with and without `request.fyno`), emulator upstream. */
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import type { PreferencesPolicy } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import Fastify, { type FastifyRequest } from 'fastify';
import { runPreferencesSuite } from '@fyno-kit/test-support/preferences-suite';
import { fyno, preferences } from '../src/index';
import { listen } from './helpers';

for (const viaPlugin of [false, true]) {
  runPreferencesSuite(`Fastify 5${viaPlugin ? ' with request.fyno as the client' : ''}`, {
    async start(policy) {
      const app = Fastify();
      const appErrors: unknown[] = [];
      app.setErrorHandler((error, _request, reply) => {
        appErrors.push(error);
        void reply.code(500).send();
      });
      const { client, ...rest } = policy;
      if (viaPlugin) await app.register(fyno, { client: client as Fyno });
      await app.register(preferences((viaPlugin ? rest : policy) as PreferencesPolicy<FastifyRequest>), { prefix: '/api/fyno/preferences' });
      const server = await listen(app);
      return { url: `${server.origin}/api/fyno/preferences`, close: server.close, appErrors: () => appErrors };
    },
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
  });
}
