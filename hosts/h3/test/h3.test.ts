/**
 * The shared notify-route, preferences-route and in-app session suites on H3 2 served by its own Node server
 * (`serve(app)`, srvx), the one-line mount `(event) => handler(event.req, event)`; and `identify` reading `event.context.user`,
 * set by the app's middleware. H3 2 is what Nitro 3 (and so the Nuxt after 4) runs on; Nuxt 4's own
 * H3 1 events are proven on its built server in hosts/nuxt.
 */
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import {
  createInappSessionHandler,
  createNotifyHandler,
  createPreferencesHandler,
  type InappSessionHandlerOptions,
  type NotifyHandlerPolicy,
  type PreferencesHandlerPolicy,
} from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import { H3, type H3Event, serve } from 'h3';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runAdapterSuite } from '../../../tooling/test-support/adapter-suite';
import { runInappSessionSuite } from '../../../tooling/test-support/inapp-session-suite';
import { runPreferencesSuite } from '../../../tooling/test-support/preferences-suite';

declare module 'h3' {
  interface H3EventContext {
    user?: { id: string };
  }
}

async function listen(app: H3): Promise<{ origin: string; close(): Promise<void> }> {
  const server = serve(app, { port: 0, hostname: '127.0.0.1', silent: true });
  await server.ready();
  const { port } = server.node!.server!.address() as { port: number };
  return { origin: `http://127.0.0.1:${port}`, close: () => server.close(true) };
}

runAdapterSuite('H3 2 (serve on Node)', {
  async start(policy) {
    const handler = createNotifyHandler(policy as NotifyHandlerPolicy);
    const app = new H3();
    // `all`, so the route itself answers other methods with its 405.
    app.all('/api/fyno/notify', (event) => handler(event.req, event));
    const server = await listen(app);
    return { url: `${server.origin}/api/fyno/notify`, close: server.close };
  },
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
  orderSchema: z.object({ order: z.string() }),
});

runPreferencesSuite('H3 2 (serve on Node)', {
  async start(policy) {
    const handler = createPreferencesHandler(policy as PreferencesHandlerPolicy<H3Event>);
    const app = new H3();
    app.all('/api/fyno/preferences', (event) => handler(event.req, event));
    const server = await listen(app);
    return { url: `${server.origin}/api/fyno/preferences`, close: server.close };
  },
  startEmulator,
  createClient: (options) => new Fyno(options),
});

runInappSessionSuite('H3 2 (serve on Node)', {
  async start(options) {
    const handler = createInappSessionHandler(options as InappSessionHandlerOptions<H3Event>);
    const app = new H3();
    app.all('/api/fyno/inapp-session', (event) => handler(event.req, event));
    const server = await listen(app);
    return { url: `${server.origin}/api/fyno/inapp-session`, close: server.close };
  },
  startEmulator,
  createClient: (options) => new Fyno(options),
});

describe('H3 2: identify receives the event', () => {
  it('reads event.context.user, which the app middleware set; the notify, in-app session and preferences routes alike', async () => {
    const INAPP = { integrationId: 'IH3', integrationToken: 'itok_h3_not_a_secret' };
    const emu = await startEmulator({ port: 0, events: ['order_shipped'], inapp: INAPP });
    const fyno = new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, maxRetries: 0 });
    const identify = (_request: Request, event: H3Event) => event.context.user?.id;
    const notify = createNotifyHandler({ identify, events: { order_shipped: {} }, client: fyno });
    const session = createInappSessionHandler({ identify, ...INAPP, url: emu.inapp.url, client: fyno });
    const preferences = createPreferencesHandler({ identify, topics: { SORDERS001: true }, client: fyno });
    const app = new H3();
    // The app's own auth: a bearer token standing for a session here.
    app.use((event) => {
      event.context.user = event.req.headers.get('authorization') === 'Bearer ana-token' ? { id: 'u_h3_ana' } : undefined;
    });
    app.post('/api/fyno/notify', (event) => notify(event.req, event));
    app.post('/api/fyno/inapp-session', (event) => session(event.req, event));
    app.all('/api/fyno/preferences', (event) => preferences(event.req, event));
    const server = await listen(app);
    try {
      const call = (path: string, authorization?: string) =>
        fetch(`${server.origin}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ event: 'order_shipped', data: { order: 'H3-1' } }),
        });
      expect((await call('/api/fyno/notify')).status).toBe(401);
      expect((await call('/api/fyno/notify', 'Bearer ana-token')).status).toBe(202);
      expect(emu.messages()).toMatchObject([{ event: 'order_shipped', distinct_id: 'u_h3_ana', data: { order: 'H3-1' } }]);
      expect((await call('/api/fyno/inapp-session')).status).toBe(401);
      const opened = await call('/api/fyno/inapp-session', 'Bearer ana-token');
      expect(await opened.json()).toMatchObject({ userId: 'u_h3_ana', signature: await fyno.inappSignature('u_h3_ana', INAPP.integrationToken) });
      const read = (authorization?: string) => fetch(`${server.origin}/api/fyno/preferences`, { headers: authorization ? { authorization } : {} });
      expect((await read()).status).toBe(401);
      const view = (await (await read('Bearer ana-token')).json()) as { sections: Array<{ topics: Array<{ id: string }> }> };
      expect(view.sections.flatMap((s) => s.topics.map((t) => t.id))).toEqual(['SORDERS001']);
    } finally {
      await server.close();
      await fyno.close();
      await emu.stop();
    }
  });
});
