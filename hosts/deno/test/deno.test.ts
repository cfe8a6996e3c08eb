/**
 * The shared notify-route, preferences and in-app session suites on Deno 2.9 (the registry's
 * `deno`), over a real socket, plain `Deno.serve` and Hono on Deno. The emulator runs here, in Node;
 * Deno reaches it over the network.
 */
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAdapterSuite } from '@fyno-kit/test-support/adapter-suite';
import { runtimeBinary } from '@fyno-kit/test-support/hosts/binaries';
import { runReportCheck } from '@fyno-kit/test-support/hosts/report-check';
import { remotePreferencesStart, remoteSessionStart, remoteStart, startRemoteHost, type RemoteHost } from '@fyno-kit/test-support/hosts/remote';
import { runInappSessionSuite } from '@fyno-kit/test-support/inapp-session-suite';
import { runPreferencesSuite } from '@fyno-kit/test-support/preferences-suite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// What a Deno app asks for: the network, and the environment for its FYNO_* settings.
const args = (variant: string) => ['run', '--allow-net', '--allow-env', '--allow-read', '--node-modules-dir=manual', 'serve.ts', variant];

// The in-app session suite's keys reach the host as its own secret store holds them (Deno.env).
const hostSecrets = { apiKey: `sk_host_${randomUUID().replace(/-/g, '')}`, integrationToken: `itok_host_${randomUUID().replace(/-/g, '')}` };
const hostEnv = { FYNO_API_KEY: hostSecrets.apiKey, FYNO_INAPP_TOKEN: hostSecrets.integrationToken };

for (const variant of ['plain', 'hono'] as const) {
  let host: RemoteHost;
  beforeAll(async () => {
    host = await startRemoteHost(runtimeBinary('deno', root), args(variant), { cwd: root, env: hostEnv });
  });
  afterAll(() => host?.stop());

  it(`${variant}: @fyno-kit/core resolves to the fetch build on Deno (the deno export condition)`, () => {
    expect(String(host.info.core)).toMatch(/packages\/core\/dist\/index\.web\.js$/);
  });

  runAdapterSuite(variant === 'plain' ? 'Deno.serve' : 'Hono on Deno', {
    start: remoteStart(() => host),
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
    orderSchema: null,
    // Deno.serve keeps a stalled sender's connection after the 408; Deno's fetch re-sends on a reset reused connection.
    closesStalledConnections: false,
    fetchRetriesReset: true,
  });

  runPreferencesSuite(variant === 'plain' ? 'Deno.serve' : 'Hono on Deno', {
    start: remotePreferencesStart(() => host),
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
  });

  runInappSessionSuite(variant === 'plain' ? 'Deno.serve' : 'Hono on Deno', {
    start: remoteSessionStart(() => host),
    startEmulator,
    createClient: (options: FynoOptions) => new Fyno(options),
    hostSecrets,
    // process.env holds it too, so a mount without a token finds FYNO_INAPP_TOKEN, as core documents.
    envInappToken: hostSecrets.integrationToken,
  });

  runReportCheck(variant === 'plain' ? 'Deno.serve' : 'Hono on Deno', {
    host: () => host,
    startEmulator,
    createClient: (options) => new Fyno({ ...options, maxRetries: 0 }),
  });
}
