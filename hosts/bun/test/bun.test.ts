/**
 * The shared notify-route, preferences and in-app session suites on Bun 1.4 (the registry's `bun`),
 * over a real socket, plain `Bun.serve` and Hono on Bun. The emulator runs here, in Node, and Bun
 * reaches it over the network.
 */
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll } from 'vitest';
import { runAdapterSuite } from '@fyno-kit/test-support/adapter-suite';
import { runtimeBinary } from '@fyno-kit/test-support/hosts/binaries';
import { runReportCheck } from '@fyno-kit/test-support/hosts/report-check';
import { remotePreferencesStart, remoteSessionStart, remoteStart, startRemoteHost, type RemoteHost } from '@fyno-kit/test-support/hosts/remote';
import { runInappSessionSuite } from '@fyno-kit/test-support/inapp-session-suite';
import { runPreferencesSuite } from '@fyno-kit/test-support/preferences-suite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The in-app session suite's keys reach the host as its own secret store holds them (Bun.env).
const hostSecrets = { apiKey: `sk_host_${randomUUID().replace(/-/g, '')}`, integrationToken: `itok_host_${randomUUID().replace(/-/g, '')}` };
const hostEnv = { FYNO_API_KEY: hostSecrets.apiKey, FYNO_INAPP_TOKEN: hostSecrets.integrationToken };

for (const variant of ['plain', 'hono'] as const) {
  let host: RemoteHost;
  beforeAll(async () => {
    host = await startRemoteHost(runtimeBinary('bun', root), ['serve.ts', variant], { cwd: root, env: hostEnv });
  });
  afterAll(() => host?.stop());

  runAdapterSuite(variant === 'plain' ? 'Bun.serve' : 'Hono on Bun', {
    start: remoteStart(() => host),
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
    orderSchema: null,
  });

  runPreferencesSuite(variant === 'plain' ? 'Bun.serve' : 'Hono on Bun', {
    start: remotePreferencesStart(() => host),
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
  });

  runInappSessionSuite(variant === 'plain' ? 'Bun.serve' : 'Hono on Bun', {
    start: remoteSessionStart(() => host),
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
    hostSecrets,
    // process.env holds it too, so a mount without a token finds FYNO_INAPP_TOKEN, as core documents.
    envInappToken: hostSecrets.integrationToken,
  });

  runReportCheck(variant === 'plain' ? 'Bun.serve' : 'Hono on Bun', {
    host: () => host,
    startEmulator,
    createClient: (options) => new Fyno({ ...options, maxRetries: 0 }),
  });
}
