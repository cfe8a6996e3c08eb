import { startApp } from './app-process';
import { demoSuite } from './demo-suite';
import { inappSuite } from './inapp-suite';

/** `npm run demo:nest` on one of Nest's HTTP platforms; fails unless the app says it runs on it. */
async function startNestDemo(platform: 'express' | 'fastify') {
  const app = await startApp(['npm', 'run', 'demo:nest'], platform === 'fastify' ? { NEST_PLATFORM: 'fastify' } : {});
  if (!app.output().includes(`Nest demo (${platform})`)) {
    await app.stop();
    throw new Error(`the Nest demo did not start on ${platform}:\n${app.output()}`);
  }
  return app;
}

// The same page and the same checks, served by the Nest app (global Passport guard, `api` global
// prefix, FynoModule.forRootAsync + notify controller) on each of Nest's HTTP platforms.
demoSuite('nest-demo (Nest on Express)', () => startNestDemo('express'));
demoSuite('nest-demo (Nest on Fastify)', () => startNestDemo('fastify'));

// The bell on Nest: the session controller behind the global guard, the emulator's socket attached
// to Nest's own HTTP server (Express's, and Fastify's).
inappSuite('nest-demo (Nest on Express)', () => startNestDemo('express'));
inappSuite('nest-demo (Nest on Fastify)', () => startNestDemo('fastify'));
