/** `pnpm --filter @fyno-kit/nest-demo start`: the demo page served by a Nest app. */
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { demoSession } from './demo-user';
import { emulator } from './emulator';

const port = Number(process.env.PORT ?? 3000);
const clientDir = dirname(createRequire(import.meta.url).resolve('@fyno-kit/demo/client-dir'));

async function main() {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error', 'warn'] });
  app.disable('x-powered-by');
  if (emulator) app.use('/emulator', emulator.handler);
  app.use(demoSession);
  app.useStaticAssets(clientDir, { index: 'index.html' });
  app.enableShutdownHooks();
  await app.listen(port, '127.0.0.1');
  console.log(`\n  fyno-kit Nest demo  →  http://127.0.0.1:${port}\n`);
  if (emulator) console.log(`  Sending to the built-in Fyno emulator (inbox: http://127.0.0.1:${port}/emulator/).\n`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
