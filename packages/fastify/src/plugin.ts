/**
 * The `fyno` plugin: one shared Fyno client for the whole app, on `app.fyno` and `request.fyno`. The
 * client holds a connection pool, so it is created once, when the plugin registers, never per request.
 */
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { isFynoClient } from '@fyno-kit/core/adapter';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's shared Fyno client, set by the `fyno` plugin. */
    fyno: Fyno;
  }
  interface FastifyRequest {
    /** The app's shared Fyno client, set by the `fyno` plugin (the same object as `app.fyno`). */
    fyno: Fyno;
  }
}

/** Options of the `fyno` plugin: a client's options (default: `FYNO_*` environment variables), or a client. */
export interface FynoPluginOptions extends FynoOptions {
  /**
   * A client you built yourself, handed out as it is. You own it: the plugin does not close it on
   * `app.close()`. Without it the plugin builds one from the other options and closes it there.
   */
  client?: Fyno;
}

const plugin: FastifyPluginAsync<FynoPluginOptions> = async (app, options) => {
  const { client: given, ...clientOptions } = options ?? {};
  const owned = !isFynoClient(given);
  // Missing configuration throws here, so `app.ready()` / `app.listen()` fails at start-up.
  const client = isFynoClient(given) ? given : new Fyno(clientOptions);
  app.decorate('fyno', client);
  // A getter: Fastify 5 refuses an object as a request decoration's initial value.
  app.decorateRequest('fyno', {
    getter() {
      return client;
    },
  });
  if (owned) {
    // `close()` lets calls in flight and send-later queues finish, then frees the pool.
    app.addHook('onClose', async () => {
      await client.close();
    });
  }
};

/**
 * Puts one shared Fyno client on `app.fyno` and `request.fyno` (for the whole app: the plugin is not
 * encapsulated) and closes it in `onClose`. Pass options (default: `FYNO_*` environment variables)
 * or `{ client }` with a client you built yourself.
 *
 * @example
 * await app.register(fyno);
 * app.post('/orders/:id/ship', async (request, reply) => {
 *   await request.fyno.fire('order_shipped', { distinct_id: request.user.id, data: { order: request.params.id } });
 *   return reply.code(204).send();
 * });
 */
export const fyno = fp(plugin, { fastify: '5.x', name: '@fyno-kit/fastify' });
