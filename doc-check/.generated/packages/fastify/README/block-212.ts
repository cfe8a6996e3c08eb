import type { FastifyInstance } from 'fastify';
declare const app: FastifyInstance;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
