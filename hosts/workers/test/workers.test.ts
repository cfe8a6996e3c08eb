/**
 * The shared notify-route, preferences and in-app session suites on Cloudflare Workers: worker.ts
 * bundled as wrangler bundles it and served by workerd (the registry's binary) over a real socket,
 * plain and through Hono. That the bundle loads at all is the fix for core/server's computed
 * `import()`, which workerd refused.
 */
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll } from 'vitest';
import { runAdapterSuite } from '@fyno-kit/test-support/adapter-suite';
import { runReportCheck } from '@fyno-kit/test-support/hosts/report-check';
import { remotePreferencesStart, remoteSessionStart, remoteStart, startRemoteHost, type RemoteHost } from '@fyno-kit/test-support/hosts/remote';
import { runInappSessionSuite } from '@fyno-kit/test-support/inapp-session-suite';
import { runPreferencesSuite } from '@fyno-kit/test-support/preferences-suite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The in-app session suite's keys reach the host as its own secret store holds them (the Worker's `env`, as text bindings).
const hostSecrets = { apiKey: `sk_host_${randomUUID().replace(/-/g, '')}`, integrationToken: `itok_host_${randomUUID().replace(/-/g, '')}` };
const hostEnv = { FYNO_API_KEY: hostSecrets.apiKey, FYNO_INAPP_TOKEN: hostSecrets.integrationToken };

for (const variant of ['plain', 'hono'] as const) {
  let host: RemoteHost;
  beforeAll(async () => {
    host = await startRemoteHost(process.execPath, ['serve.mjs', variant], { cwd: root, env: hostEnv });
  });
  afterAll(() => host?.stop());

  runAdapterSuite(variant === 'plain' ? 'Workers (workerd)' : 'Hono on Workers (workerd)', {
    start: remoteStart(() => host),
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
    orderSchema: null,
    // workerd drops the connection once the route stops reading an oversize stream.
    cutsOversizeStream: true,
  });

  runPreferencesSuite(variant === 'plain' ? 'Workers (workerd)' : 'Hono on Workers (workerd)', {
    start: remotePreferencesStart(() => host),
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
  });

  runInappSessionSuite(variant === 'plain' ? 'Workers (workerd)' : 'Hono on Workers (workerd)', {
    start: remoteSessionStart(() => host),
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
    hostSecrets,
    // workerd fills process.env with the text bindings (compatibility date 2026-11-01), so a mount
    // without a token finds FYNO_INAPP_TOKEN there, as on Bun and Deno.
    envInappToken: hostSecrets.integrationToken,
  });

  runReportCheck(variant === 'plain' ? 'Workers (workerd)' : 'Hono on Workers (workerd)', {
    host: () => host,
    startEmulator,
    createClient: (options) => new Fyno({ ...options, maxRetries: 0 }),
  });
}
