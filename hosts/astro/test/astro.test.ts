/**
 * The shared notify-route suite on Astro 7's production build: `astro build` with @astrojs/node in
 * standalone mode (the turbo `build` task, cached), served by the adapter's own server on the
 * registry's Node 22 over a real socket. Every mounted route is `handler(context.request, context)`,
 * and `identify` reads `context.locals`, which src/middleware.ts set. Beside it: the app's own routes,
 * the delivery-report receiver and the in-app session route, with a cookie session as the app's auth.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdapterSuite } from '@fyno-kit/test-support/adapter-suite';
import { runPreferencesSuite } from '@fyno-kit/test-support/preferences-suite';
import { nodeOf } from '@fyno-kit/test-support/hosts/on-node.mjs';
import { expectOwnInappSession } from '@fyno-kit/test-support/hosts/own-inapp-session-check';
import { expectOwnPreferences } from '@fyno-kit/test-support/hosts/own-preferences-check';
import { REPORT_SECRET, runReportCheck } from '@fyno-kit/test-support/hosts/report-check';
import { remotePreferencesStart, remoteSessionStart, remoteStart, startRemoteHost, type RemoteHost } from '@fyno-kit/test-support/hosts/remote';
import { runInappSessionSuite } from '@fyno-kit/test-support/inapp-session-suite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist', 'server', 'entry.mjs')))
  throw new Error('no production build: run `pnpm --filter @fyno-kit/host-astro build` (npm test builds first)');

/** The app's own emulator (its FYNO_* variables point here); the suite starts its own per describe. */
let appEmu: Awaited<ReturnType<typeof startEmulator>>;
let host: RemoteHost;

beforeAll(async () => {
  appEmu = await startEmulator({ port: 0, events: ['order_shipped'], inapp: { integrationId: 'IAS01', integrationToken: 'itok_astro_test' } });
  host = await startRemoteHost(nodeOf(22), ['serve.mjs'], {
    cwd: root,
    env: {
      FYNO_WSID: appEmu.workspaceId,
      FYNO_API_KEY: appEmu.apiKey,
      FYNO_BASE_URL: appEmu.baseUrl,
      FYNO_WEBHOOK_SECRET: REPORT_SECRET,
      FYNO_INAPP_INTEGRATION_ID: 'IAS01',
      FYNO_INAPP_TOKEN: 'itok_astro_test',
      FYNO_INAPP_URL: appEmu.inapp.url,
    },
  });
});
afterAll(async () => {
  await host?.stop();
  await appEmu?.stop();
});

runAdapterSuite('Astro 7 (@astrojs/node standalone build on Node 22)', {
  start: remoteStart(() => host),
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
  orderSchema: null,
  originCheck: 'foreign-origin',
});

runPreferencesSuite('Astro 7 (@astrojs/node standalone build on Node 22)', {
  start: remotePreferencesStart(() => host),
  startEmulator,
  createClient: (options) => new Fyno(options),
});

// Every mounted session route is the one-line mount of the app's own inapp-session route, from the suite's recipe.
runInappSessionSuite('Astro 7 (@astrojs/node standalone build on Node 22)', {
  start: remoteSessionStart(() => host),
  startEmulator,
  createClient: (options) => new Fyno(options),
  originCheck: 'foreign-origin',
  // The app's own session route reads FYNO_INAPP_TOKEN, so a mount without a token signs with it.
  envInappToken: 'itok_astro_test',
});

runReportCheck('Astro 7', {
  host: () => host,
  paths: { receiver: '/api/fyno/reports', received: '/__app/reports' },
  startEmulator,
  createClient: (options) => new Fyno({ ...options, maxRetries: 0 }),
});

describe("Astro 7: the app's own routes, signed in with a cookie session", () => {
  const signIn = async (as: string) => {
    const res = await fetch(`${host.origin}/login?as=${as}`, { method: 'POST' });
    expect(res.status).toBe(200);
    return /session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  };
  const fire = (cookie?: string) =>
    fetch(`${host.origin}/api/fyno/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ event: 'order_shipped', data: { order: 'AS-1' } }),
    });

  it('identify reads context.locals.user, which the middleware set from the session cookie', async () => {
    appEmu.clear();
    const signedOut = await fire();
    expect(signedOut.status).toBe(401);
    expect(await signedOut.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const answer = await fire(await signIn('u_as_ana'));
    expect(answer.status).toBe(202);
    expect(appEmu.messages()).toMatchObject([{ event: 'order_shipped', distinct_id: 'u_as_ana', data: { order: 'AS-1' } }]);
  });

  it('other methods reach the route through `ALL` and get its 405', async () => {
    const res = await fetch(`${host.origin}/api/fyno/notify`, { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
  });

  it('the in-app session route signs the user the middleware put on locals, and fires reach their inbox', async () => {
    await expectOwnInappSession(host.origin, {
      signIn,
      user: 'u_as_inbox',
      integrationId: 'IAS01',
      integrationToken: 'itok_astro_test',
      emulator: appEmu,
      createClient: (options) => new Fyno(options),
    });
  });

  it("the preferences route answers the signed-in user's own preferences (identify reads locals), 401 signed out", async () => {
    await expectOwnPreferences(host.origin, () => signIn('u_prefs_ana'), ['SORDERS001']);
  });
});
