/**
 * The shared notify-route suite on React Router 8's production build: `react-router build` (the turbo
 * `build` task, cached), served by `react-router-serve` on the registry's Node 22 over a real socket.
 * Every mounted route is `handler(args.request, args)` from a resource route's action/loader, and
 * `identify` reads the user a middleware put on the router context. Beside it: the app's own routes
 * (notify, the in-app session, preferences, the delivery-report receiver) with a cookie session as the
 * app's auth. The shared preferences suite runs on the same build.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runAdapterSuite } from '@fyno-kit/test-support/adapter-suite';
import { nodeOf } from '@fyno-kit/test-support/hosts/on-node.mjs';
import { expectOwnInappSession } from '@fyno-kit/test-support/hosts/own-inapp-session-check';
import { expectOwnPreferences } from '@fyno-kit/test-support/hosts/own-preferences-check';
import { REPORT_SECRET, runReportCheck } from '@fyno-kit/test-support/hosts/report-check';
import { remotePreferencesStart, remoteSessionStart, remoteStart, startRemoteHost, type RemoteHost } from '@fyno-kit/test-support/hosts/remote';
import { runInappSessionSuite } from '@fyno-kit/test-support/inapp-session-suite';
import { runPreferencesSuite } from '@fyno-kit/test-support/preferences-suite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'build', 'server', 'index.js')))
  throw new Error('no production build: run `pnpm --filter @fyno-kit/host-react-router build` (npm test builds first)');

const INAPP = { integrationId: 'IRR01', integrationToken: 'itok_react_router_test' };
/** The app's own emulator (its FYNO_* variables point here); the suite starts its own per describe. */
let appEmu: Awaited<ReturnType<typeof startEmulator>>;
let host: RemoteHost;

beforeAll(async () => {
  appEmu = await startEmulator({ port: 0, events: ['order_shipped'], inapp: INAPP });
  host = await startRemoteHost(nodeOf(22), ['serve.mjs'], {
    cwd: root,
    env: {
      FYNO_WSID: appEmu.workspaceId,
      FYNO_API_KEY: appEmu.apiKey,
      FYNO_BASE_URL: appEmu.baseUrl,
      FYNO_WEBHOOK_SECRET: REPORT_SECRET,
      FYNO_INAPP_INTEGRATION_ID: INAPP.integrationId,
      FYNO_INAPP_TOKEN: INAPP.integrationToken,
      FYNO_INAPP_URL: appEmu.inapp.url,
      SESSION_SECRET: 'react-router-test-session-secret',
    },
  });
});
afterAll(async () => {
  await host?.stop();
  await appEmu?.stop();
});

runAdapterSuite('React Router 8 (react-router build + react-router-serve on Node 22)', {
  start: remoteStart(() => host),
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
  orderSchema: z.object({ order: z.string() }),
  // @react-router/node's request body stream destroys the request (and so the socket) when the route
  // cancels the rest of an oversize body: a client still sending sees the connection cut rather than
  // the 413 (a stalled one gets its 408); nothing is sent either way.
  cutsOversizeStream: true,
});

// Every mounted preferences route is `handler(args.request, args)` from the suite's resource route, as routes/preferences.ts.
runPreferencesSuite('React Router 8 (react-router build + react-router-serve on Node 22)', {
  start: remotePreferencesStart(() => host),
  startEmulator,
  createClient: (options) => new Fyno(options),
});

// Every mounted session route is the one-line mount of the app's own inapp-session route, from the suite's recipe.
runInappSessionSuite('React Router 8 (react-router build + react-router-serve on Node 22)', {
  start: remoteSessionStart(() => host),
  startEmulator,
  createClient: (options) => new Fyno(options),
  // The app's own session route reads FYNO_INAPP_TOKEN, so a mount without a token signs with it.
  envInappToken: INAPP.integrationToken,
});

// The app's own receiver route (routes/reports.ts), and what it verified (routes/app-reports.ts).
runReportCheck('React Router 8', {
  host: () => host,
  paths: { receiver: '/fyno/reports', received: '/__app/reports' },
  startEmulator,
  createClient: (options) => new Fyno({ ...options, maxRetries: 0 }),
});

describe("React Router 8: the app's own routes, signed in with a cookie session", () => {
  const signIn = async (as: string) => {
    const res = await fetch(`${host.origin}/login?as=${as}`, { method: 'POST' });
    expect(res.status).toBe(204);
    return /session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  };
  const fire = (cookie?: string) =>
    fetch(`${host.origin}/api/fyno/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ event: 'order_shipped', data: { order: 'RR-1' } }),
    });

  it("identify reads the router context's user, which the root middleware set from the session cookie", async () => {
    appEmu.clear();
    const signedOut = await fire();
    expect(signedOut.status).toBe(401);
    expect(await signedOut.json()).toMatchObject({ error: { code: 'unauthorized' } });
    // A forged cookie is no session.
    expect((await fire('session=forged')).status).toBe(401);
    expect((await fire(await signIn('u_rr_ana'))).status).toBe(202);
    expect(appEmu.messages()).toMatchObject([{ event: 'order_shipped', distinct_id: 'u_rr_ana', data: { order: 'RR-1' } }]);
  });

  it("GET reaches the loader and PUT the action: both get the route's 405", async () => {
    for (const method of ['GET', 'PUT']) {
      const res = await fetch(`${host.origin}/api/fyno/notify`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(await res.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    }
  });

  it('the in-app session route signs the signed-in user, never shows the token, and 401s without a session', async () => {
    await expectOwnInappSession(host.origin, {
      signIn,
      user: 'u_rr_inbox',
      integrationId: INAPP.integrationId,
      integrationToken: INAPP.integrationToken,
      emulator: appEmu,
      createClient: (options) => new Fyno(options),
    });
  });

  it("the preferences route answers the signed-in user's own preferences (identify reads the router context), 401 signed out", async () => {
    await expectOwnPreferences(host.origin, () => signIn('u_rr_prefs'), ['SORDERS001']);
  });

  it("the receiver's loader answers Fyno's fyno_token verification GET", async () => {
    const verify = await fetch(`${host.origin}/fyno/reports?fyno_token=tok_rr`);
    expect([verify.status, await verify.text()]).toEqual([200, expect.stringContaining('tok_rr')]);
  });
});
