/**
 * The shared notify-route suite on SvelteKit 3's production build: `vite build` with
 * @sveltejs/adapter-node (the turbo `build` task, cached), served by the adapter's own server on the
 * registry's Node 22 over a real socket. Every mounted route is `handler(event.request, event)`, and
 * `identify` reads `event.locals`, which hooks.server.ts set. Beside it: the app's own routes, the
 * delivery-report receiver and the in-app session route, with a cookie session as the app's auth.
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
if (!existsSync(join(root, 'build', 'index.js')))
  throw new Error('no production build: run `pnpm --filter @fyno-kit/host-sveltekit build` (npm test builds first)');

/** The app's own emulator (its FYNO_* variables point here); the suite starts its own per describe. */
let appEmu: Awaited<ReturnType<typeof startEmulator>>;
let host: RemoteHost;

beforeAll(async () => {
  appEmu = await startEmulator({ port: 0, events: ['order_shipped'], inapp: { integrationId: 'ISK01', integrationToken: 'itok_sveltekit_test' } });
  host = await startRemoteHost(nodeOf(22), ['serve.mjs'], {
    cwd: root,
    env: {
      FYNO_WSID: appEmu.workspaceId,
      FYNO_API_KEY: appEmu.apiKey,
      FYNO_BASE_URL: appEmu.baseUrl,
      FYNO_WEBHOOK_SECRET: REPORT_SECRET,
      FYNO_INAPP_INTEGRATION_ID: 'ISK01',
      FYNO_INAPP_TOKEN: 'itok_sveltekit_test',
      FYNO_INAPP_URL: appEmu.inapp.url,
    },
  });
});
afterAll(async () => {
  await host?.stop();
  await appEmu?.stop();
});

runAdapterSuite('SvelteKit 3 (adapter-node build on Node 22)', {
  start: remoteStart(() => host),
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
  orderSchema: null,
  originCheck: 'own-origin-only',
  // @sveltejs/kit/node destroys the request when the route cancels the rest of an oversize body, so a
  // client still sending sees the connection cut rather than the 413 (a stalled one gets its 408).
  cutsOversizeStream: true,
});

runPreferencesSuite('SvelteKit 3 (adapter-node build on Node 22)', {
  start: remotePreferencesStart(() => host),
  startEmulator,
  createClient: (options) => new Fyno(options),
  // The page calling the route sends it; SvelteKit refuses untyped or form-typed writes without it.
  sendsOwnOrigin: true,
});

// Every mounted session route is the one-line mount of the app's own inapp-session route, from the suite's recipe.
runInappSessionSuite('SvelteKit 3 (adapter-node build on Node 22)', {
  start: remoteSessionStart(() => host),
  startEmulator,
  createClient: (options) => new Fyno(options),
  // SvelteKit refuses an untyped POST without the app's own Origin before any route.
  originCheck: 'own-origin-only',
  // The app's own session route reads FYNO_INAPP_TOKEN, so a mount without a token signs with it.
  envInappToken: 'itok_sveltekit_test',
});

runReportCheck('SvelteKit 3', {
  host: () => host,
  paths: { receiver: '/api/fyno/reports', received: '/__app/reports' },
  startEmulator,
  createClient: (options) => new Fyno({ ...options, maxRetries: 0 }),
});

describe("SvelteKit 3: the app's own routes, signed in with a cookie session", () => {
  const signIn = async (as: string) => {
    // As a browser's form post sends it: SvelteKit refuses a POST without the app's own Origin.
    const res = await fetch(`${host.origin}/login?as=${as}`, { method: 'POST', headers: { origin: host.origin } });
    expect(res.status).toBe(200);
    return /session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  };
  const fire = (cookie?: string) =>
    fetch(`${host.origin}/api/fyno/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ event: 'order_shipped', data: { order: 'SK-1' } }),
    });

  it('identify reads event.locals.user, which hooks.server.ts set from the session cookie', async () => {
    appEmu.clear();
    const signedOut = await fire();
    expect(signedOut.status).toBe(401);
    expect(await signedOut.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const answer = await fire(await signIn('u_sk_ana'));
    expect(answer.status).toBe(202);
    expect(appEmu.messages()).toMatchObject([{ event: 'order_shipped', distinct_id: 'u_sk_ana', data: { order: 'SK-1' } }]);
  });

  it('other methods reach the route through `fallback` and get its 405', async () => {
    const res = await fetch(`${host.origin}/api/fyno/notify`, { method: 'PUT', headers: { origin: host.origin } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
  });

  it('the in-app session route signs the user hooks.server.ts put on locals, and fires reach their inbox', async () => {
    await expectOwnInappSession(host.origin, {
      signIn,
      user: 'u_sk_inbox',
      integrationId: 'ISK01',
      integrationToken: 'itok_sveltekit_test',
      emulator: appEmu,
      createClient: (options) => new Fyno(options),
      headers: { origin: host.origin },
    });
  });

  it("the preferences route answers the signed-in user's own preferences (identify reads locals), 401 signed out", async () => {
    await expectOwnPreferences(host.origin, () => signIn('u_prefs_ana'), ['SORDERS001']);
  });
});
