/**
 * `pnpm --filter @fyno-kit/nest-demo start`: the demo page served by a Nest app, on Express by
 * default or on Fastify with `NEST_PLATFORM=fastify` (e.g. `NEST_PLATFORM=fastify npm run demo:nest`).
 */
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { emulator } from './emulator';

const port = Number(process.env.PORT ?? 3000);
const platform = process.env.NEST_PLATFORM === 'fastify' ? 'fastify' : 'express';
const clientDir = dirname(createRequire(import.meta.url).resolve('@fyno-kit/demo/client-dir'));
const logger = ['error', 'warn'] as const;

async function createApp(): Promise<INestApplication> {
  if (platform === 'fastify') {
    const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: [...logger] });
    if (emulator) app.use('/emulator', emulator.handler);
    app.useStaticAssets({ root: clientDir, prefix: '/', index: 'index.html' });
    return app;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: [...logger] });
  app.disable('x-powered-by');
  if (emulator) app.use('/emulator', emulator.handler);
  app.useStaticAssets(clientDir, { index: 'index.html' });
  return app;
}

async function main() {
  const app = await createApp();
  // The page's own routes live under /api; so does the notify route (see app.module.ts).
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  // The emulator's in-app socket (Socket.IO at /socket.io/) on this app's own HTTP server.
  if (emulator) emulator.inappIntegration.attach(app.getHttpServer());
  await app.listen(port, '127.0.0.1');
  console.log(`\n  fyno-kit Nest demo (${platform})  →  http://127.0.0.1:${port}\n`);
  if (emulator) console.log(`  Sending to the built-in Fyno emulator (inbox: http://127.0.0.1:${port}/emulator/).\n`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
