/**
 * The shared notify-route contract over real HTTP on Fastify 5, emulator upstream: with Fastify's JSON
 * parser in the route's scope (a parsed body), and behind the app's own JSON parser that keeps the
 * raw Buffer (the usual set-up for a signature check), which the route then parses itself. Every app
 * has an error handler that records what reaches it: nothing may.
 */
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import type { NotifyPolicy } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { runAdapterSuite } from '@fyno-kit/test-support/adapter-suite';
import { notifyRoute } from '../src/index';
import { listen } from './helpers';

const SET_UPS = [
  { label: 'Fastify 5 (parsed body)', appParser: undefined },
  {
    label: "Fastify 5 behind the app's Buffer parser for application/json (raw body)",
    appParser: (app: FastifyInstance) => app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body)),
  },
] as const;

for (const { label, appParser } of SET_UPS) {
  runAdapterSuite(label, {
    async start(policy) {
      const app = Fastify();
      const errors: unknown[] = [];
      app.setErrorHandler((error, _request, reply) => {
        errors.push(error);
        return reply.code(500).send({ handledBy: 'app' });
      });
      appParser?.(app);
      await app.register(notifyRoute(policy as NotifyPolicy<FastifyRequest>), { prefix: '/api/fyno/notify' });
      const server = await listen(app);
      return { url: `${server.origin}/api/fyno/notify`, close: server.close, appErrors: () => errors };
    },
    // Fastify's content-type parser reads the body, not the route; the plugin bounds that read with
    // the route's bodyTimeoutMs. test/disconnect.test.ts covers the abort on this adapter.
    routeReadsBody: false,
    slowBody: 'route',
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
    orderSchema: z.object({ order: z.string() }),
  });
}
