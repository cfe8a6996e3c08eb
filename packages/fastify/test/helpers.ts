/** Test helpers: a real Fastify app on a real socket. */
import type { FastifyInstance } from 'fastify';

/** Listens on 127.0.0.1:0; `close()` also drops kept-alive sockets so tests end promptly. */
export async function listen(app: FastifyInstance): Promise<{ origin: string; close(): Promise<void> }> {
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    origin,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}
