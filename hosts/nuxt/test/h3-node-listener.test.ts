/**
 * A plain H3 1 app on `node:http` (`toNodeListener`, no Nitro), with the notify route mounted on the
 * event's Node request and response as the Nuxt app mounts it. Mounted with `toWebRequest`, one chunked
 * oversize upload ended this process: the route's cancel closed H3's stream, its next `enqueue` threw,
 * and nothing caught it (Nitro does, inside Nuxt).
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fyno } from '@fyno-kit/core';
import { createNotifyHandler } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import { createApp, defineEventHandler, getRequestHeader, type H3Event, toNodeListener } from 'h3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { endlessUpload } from './endless-upload.mjs';

let emu: Awaited<ReturnType<typeof startEmulator>>;
let server: Server;
let origin: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, events: ['order_shipped'] });
  const notify = createNotifyHandler({
    identify: (_request, event: H3Event) => event.context.user?.id,
    events: { order_shipped: {} },
    client: new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl }),
  });
  const app = createApp();
  app.use(
    defineEventHandler((event) => {
      const id = getRequestHeader(event, 'x-user');
      event.context.user = id ? { id } : undefined;
    }),
  );
  app.use(
    '/api/fyno/notify',
    defineEventHandler((event) => notify.node(event.node.req, event.node.res, event)),
  );
  server = createServer(toNodeListener(app)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await emu?.stop();
});

it('identify reads event.context, and the route reads the body from Node', async () => {
  const fire = (user?: string) =>
    fetch(`${origin}/api/fyno/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(user ? { 'x-user': user } : {}) },
      body: JSON.stringify({ event: 'order_shipped', data: { order: 'H3-1' } }),
    });
  expect((await fire()).status).toBe(401);
  expect((await fire('u_h3_one')).status).toBe(202);
  expect(emu.messages()).toMatchObject([{ event: 'order_shipped', distinct_id: 'u_h3_one', data: { order: 'H3-1' } }]);
});

it('a chunked upload that keeps going past the cap is paused and closed; the process lives on', async () => {
  const port = Number(new URL(origin).port);
  const sent = await endlessUpload({ port, pid: process.pid, path: '/api/fyno/notify', framing: 'chunked', ms: 6_000 });
  expect(sent.closedByServer).toBe(true);
  expect(sent.takenMb).toBeLessThan(48);
  // Still serving: the same app answers the next request.
  const res = await fetch(`${origin}/api/fyno/notify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(64 * 1024) });
  expect([res.status, await res.json()]).toEqual([413, { error: expect.objectContaining({ code: 'payload_too_large' }) }]);
}, 30_000);
