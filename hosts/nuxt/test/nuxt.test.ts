/**
 * The shared notify-route suite on Nuxt 4's built server: `nuxt build` (the turbo `build` task,
 * cached), served by `node .output/server/index.mjs` on the registry's Node 22 over a real socket.
 * Every mounted route is `handler.node(event.node.req, event.node.res, event)` in a Nitro server route
 * (H3 1, as Nuxt 4 ships it), and `identify` reads `event.context.user`, set by server middleware. Beside it: the app's
 * own routes (notify, the in-app session, preferences, the delivery-report receiver) with H3's sealed
 * cookie session. The shared preferences suite runs on the same build.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runAdapterSuite } from '../../../tooling/test-support/adapter-suite';
import { nodeOf } from '../../../tooling/test-support/hosts/on-node.mjs';
import { expectOwnInappSession } from '../../../tooling/test-support/hosts/own-inapp-session-check';
import { expectOwnPreferences } from '../../../tooling/test-support/hosts/own-preferences-check';
import { REPORT_SECRET, runReportCheck } from '../../../tooling/test-support/hosts/report-check';
import { remotePreferencesStart, remoteSessionStart, remoteStart, startRemoteHost, type RemoteHost } from '../../../tooling/test-support/hosts/remote';
import { runInappSessionSuite } from '../../../tooling/test-support/inapp-session-suite';
import { runPreferencesSuite } from '../../../tooling/test-support/preferences-suite';
import { endlessUpload } from './endless-upload.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, '.output', 'server', 'index.mjs')))
  throw new Error('no build: run `pnpm --filter @fyno-kit/host-nuxt build` (npm test builds first)');

const INAPP = { integrationId: 'INUXT01', integrationToken: 'itok_nuxt_test' };
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
      SESSION_SECRET: 'nuxt-test-session-secret-at-least-32-characters',
    },
  });
});
afterAll(async () => {
  await host?.stop();
  await appEmu?.stop();
});

runAdapterSuite('Nuxt 4 (nuxt build, node .output/server/index.mjs on Node 22)', {
  start: remoteStart(() => host),
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
  orderSchema: z.object({ order: z.string() }),
});

// Every mounted preferences route is `handler.node(event.node.req, event.node.res, event)` (server/routes/p/[id]/preferences.ts).
runPreferencesSuite('Nuxt 4 (nuxt build, node .output/server/index.mjs on Node 22)', {
  start: remotePreferencesStart(() => host),
  startEmulator,
  createClient: (options) => new Fyno(options),
});

// Every mounted session route is the one-line mount of the app's own inapp-session route, from the suite's recipe.
runInappSessionSuite('Nuxt 4 (nuxt build, node .output/server/index.mjs on Node 22)', {
  start: remoteSessionStart(() => host),
  startEmulator,
  createClient: (options) => new Fyno(options),
  // The app's own session route reads FYNO_INAPP_TOKEN, so a mount without a token signs with it.
  envInappToken: INAPP.integrationToken,
});

// The app's own receiver route (server/routes/fyno/reports.ts), and what it verified (server/routes/__app/reports.get.ts).
runReportCheck('Nuxt 4', {
  host: () => host,
  paths: { receiver: '/fyno/reports', received: '/__app/reports' },
  startEmulator,
  createClient: (options) => new Fyno({ ...options, maxRetries: 0 }),
});

describe("Nuxt 4: the app's own routes, signed in with H3's cookie session", () => {
  const signIn = async (as: string) => {
    const res = await fetch(`${host.origin}/login?as=${as}`, { method: 'POST' });
    expect(res.status).toBe(204);
    return /session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  };
  const fire = (cookie?: string) =>
    fetch(`${host.origin}/api/fyno/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ event: 'order_shipped', data: { order: 'NX-1' } }),
    });

  it('identify reads event.context.user, which the server middleware set from the session cookie', async () => {
    appEmu.clear();
    const signedOut = await fire();
    expect(signedOut.status).toBe(401);
    expect(await signedOut.json()).toMatchObject({ error: { code: 'unauthorized' } });
    // A forged cookie is no session.
    expect((await fire('session=forged')).status).toBe(401);
    expect((await fire(await signIn('u_nx_ana'))).status).toBe(202);
    expect(appEmu.messages()).toMatchObject([{ event: 'order_shipped', distinct_id: 'u_nx_ana', data: { order: 'NX-1' } }]);
  });

  it('GET and PUT reach the route (an unsuffixed server route takes every method) and get its 405', async () => {
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
      user: 'u_nx_inbox',
      integrationId: INAPP.integrationId,
      integrationToken: INAPP.integrationToken,
      emulator: appEmu,
      createClient: (options) => new Fyno(options),
    });
  });

  it("the preferences route answers the signed-in user's own preferences (identify reads event.context), 401 signed out", async () => {
    await expectOwnPreferences(host.origin, () => signIn('u_nx_prefs'), ['SORDERS001']);
  });

  it("called from inside the app by Nitro's $fetch (a stand-in request, no socket), the route reads the body and the session", async () => {
    appEmu.clear();
    const cookie = await signIn('u_nx_local');
    const call = (body: string) =>
      fetch(`${host.origin}/__app/internal-notify`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body }).then((r) => r.json());
    expect(await call(JSON.stringify({ event: 'order_shipped', data: { order: 'NX-LOCAL' } }))).toMatchObject({ status: 202 });
    expect(appEmu.messages()).toMatchObject([{ event: 'order_shipped', distinct_id: 'u_nx_local', data: { order: 'NX-LOCAL' } }]);
    expect(await call('{"event":')).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });

  it("the receiver answers Fyno's fyno_token verification GET", async () => {
    const verify = await fetch(`${host.origin}/fyno/reports?fyno_token=tok_nx`);
    expect([verify.status, await verify.text()]).toEqual([200, expect.stringContaining('tok_nx')]);
  });
});

// H3 1's `toWebRequest` kept every byte such a sender pushed (hundreds of MB in a few seconds, the
// connection left open until Node's 300 s requestTimeout); on Node's own request the route pauses it.
describe("Nuxt 4: a sender that keeps sending past the notify route's cap is paused, not buffered", () => {
  for (const framing of ['content-length', 'chunked'] as const) {
    it(`${framing}: the server closes the connection, takes a few MB at most, and stays up`, async () => {
      const port = Number(new URL(host.origin).port);
      // Up to 8 s of sending; the route answers after its 16 kB cap, so the server should close far sooner.
      const sent = await endlessUpload({ port, pid: host.child.pid!, path: '/api/fyno/notify', framing, ms: 8_000 });
      expect(sent).toMatchObject({ closedByServer: true });
      // Generous: the socket buffers on both sides hold a few MB; H3 1's stream took 700 MB in 10 s here.
      expect(sent.takenMb).toBeLessThan(48);
      expect(sent.rssGrowthMb).toBeLessThan(48);
      // No 413 is asserted here: the server closes while this sender's bytes are still unread, so the
      // client's kernel may see a reset and drop the answer (as on Express). fetch clients get it (the suite).
      const after = await fetch(`${host.origin}/api/fyno/notify`, { method: 'GET' });
      expect(after.status).toBe(405);
    }, 30_000);
  }
});
