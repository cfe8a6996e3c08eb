/**
 * Fyno's in-app protocol (CONTRACT.md §10) against the emulator's own Socket.IO server, driven by
 * a client that connects and emits as Fyno's `@fyno/inapp-react` does.
 */
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { call, start } from './helpers.js';
import { connect, fire, FynoClient, settle, sign } from './inapp-client.js';

let emu: RunningEmulator;
const clients: FynoClient[] = [];
const open = async (...args: Parameters<typeof connect>): Promise<FynoClient> => {
  const c = await connect(...args);
  clients.push(c);
  return c;
};
const refused = async (options: ConstructorParameters<typeof FynoClient>[1]): Promise<string> => {
  const c = new FynoClient(emu, options);
  clients.push(c);
  return c.next<string>('connect_error', { seen: true });
};

beforeEach(async () => {
  emu = await start();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await emu.stop();
});

describe('handshake', () => {
  it('accepts the signature in auth, header and cookie, says connectionSuccess and the seen state', async () => {
    const c = await open(emu, { user: 'u1' });
    expect(await c.next('connectionSuccess', { seen: true })).toEqual({ config: { branding: true } });
    expect(await c.next('lastSeenUpdated', { seen: true })).toBe(true);
  });

  it.each([['auth'], ['header'], ['cookie']] as const)('accepts the signature in the %s alone', async (where) => {
    const c = await open(emu, { user: 'u1', signatureIn: [where], transports: ['polling'] });
    expect(c.socket.connected).toBe(true);
  });

  it("upgrades from polling to websocket, as Fyno's client asks", async () => {
    const c = await open(emu, { user: 'u1' });
    const engine = c.socket.io.engine;
    if (engine.transport.name !== 'websocket') await new Promise((r) => engine.once('upgrade', r));
    expect(engine.transport.name).toBe('websocket');
  });

  it("refuses a wrong signature, another user's, another workspace's and a missing one with one message", async () => {
    expect(await refused({ user: 'u1', signature: 'f'.repeat(64) })).toBe('Authentication failed');
    expect(await refused({ user: 'u1', signature: sign(emu.workspaceId, emu.inapp.integrationToken, 'u2') })).toBe('Authentication failed');
    expect(await refused({ user: 'u1', workspace: 'FYOTHER' })).toBe('Authentication failed');
    expect(await refused({ user: 'u1', signatureIn: [] })).toBe('Authentication failed');
    expect(await refused({ user: 'u1', integration: 'IOTHER' })).toBe('Authentication failed');
    expect(await refused({ user: 'u1', signature: sign(emu.workspaceId, 'rotated-token', 'u1') })).toBe('Authentication failed');
  });

  it("accepts a handshake without Integration_ID, as Fyno's Kotlin SDK sends it", async () => {
    const c = await open(emu, { user: 'u1', integration: null });
    expect(c.socket.connected).toBe(true);
  });

  it('uses the integration id and token it was given', async () => {
    await emu.stop();
    emu = await start({ inapp: { integrationId: 'IMINE', integrationToken: 'tok_mine' } });
    expect(emu.inapp).toMatchObject({ integrationId: 'IMINE', integrationToken: 'tok_mine' });
    const c = await open(emu, { user: 'u1' });
    expect(c.socket.connected).toBe(true);
    expect(await refused({ user: 'u1', signature: sign(emu.workspaceId, 'emu_inapp_token_not_a_secret', 'u1') })).toBe('Authentication failed');
  });

  it('answers a CORS preflight with the Origin echoed, credentials and the signature header allowed', async () => {
    const url = new URL('/socket.io/?EIO=4&transport=polling', emu.inapp.url);
    const res = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.localhost:3000',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-fyno-signature',
      },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://app.localhost:3000');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/x-fyno-signature/i);
  });

  it("answers only a loopback Host (the control routes' rule), so a rebound DNS name gets nothing", async () => {
    const { port } = new URL(emu.inapp.url);
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/socket.io/?EIO=4&transport=polling', headers: { host } });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status('evil.example:80')).toBe(403);
    expect(await status(`localhost:${port}`)).toBe(200);
  });
});

describe('messages', () => {
  it('pages 25 messages newest first, 20 a page, page = the next page, both counters, total of all', async () => {
    for (let i = 1; i <= 25; i++) await fire(emu, { to: { inapp: 'u1' }, data: { title: `m${i}` } });
    const c = await open(emu, { user: 'u1' });
    const first = await c.page('all', 1);
    expect(first.filter).toBe('all');
    expect(first.page).toBe(2);
    expect(first.messages.messages).toHaveLength(20);
    expect(first.messages.messages[0].notification_content.title).toBe('m25');
    expect(first.messages.messages[19].notification_content.title).toBe('m6');
    expect(first.messages).toMatchObject({ total: 25, unread: 25, unreadCount: 25 });
    const second = await c.page('all', 2);
    expect(second.page).toBe(3);
    expect(second.messages.messages.map((m: any) => m.notification_content.title)).toEqual(['m5', 'm4', 'm3', 'm2', 'm1']);
    const third = await c.page('all', 3);
    expect(third.messages.messages).toEqual([]);
    expect(third.messages.total).toBe(25);
  });

  it("sends a message object with the fields Fyno's clients read", async () => {
    const c = await open(emu, { user: 'u1' });
    const live = c.next('message');
    await fire(emu, {
      to: { inapp: 'u1' },
      data: {
        title: 'Shipped',
        body: 'Order *A1* is on its way',
        icon: 'https://example.com/i.png',
        action: { href: '/orders/A1', sameTab: true },
        buttons: [{ label: 'Track', action: '/track', primary: true }],
        attachments: { type: 'Image', attachment: 'https://example.com/a.png' },
      },
    });
    const m = await live;
    expect(m._id).toMatch(/^[0-9a-f]{24}$/);
    expect(m).toMatchObject({ to: 'u1', ws_id: emu.workspaceId, isRead: false });
    expect(m.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(m.status[0]).toMatchObject({ messageId: m._id, status: 'SENT' });
    expect(typeof m.status[0].timestamp).toBe('number');
    expect(m.notification_content).toEqual({
      title: 'Shipped',
      body: 'Order *A1* is on its way',
      icon: 'https://example.com/i.png',
      action: { href: '/orders/A1', sameTab: 'true' },
      buttons: [{ label: 'Track', action: '/track', primary: 'true', sameTab: 'false' }],
      attachments: { type: 'Image', attachment: 'https://example.com/a.png' },
    });
  });

  it('delivers a fire live, then says the bell is unseen; message:recieved is taken without a reply', async () => {
    const c = await open(emu, { user: 'u1' });
    const live = c.next('message');
    const unseen = c.next('lastSeenUpdated');
    await fire(emu, { to: { inapp: 'u1' }, data: { title: 'Hello' } });
    const m = await live;
    expect(m.notification_content.title).toBe('Hello');
    expect(await unseen).toBe(false);
    const before = c.events.length;
    c.emit('message:recieved', { id: m._Id }); // sic: Fyno's client reads a field that does not exist
    c.emit('message:recieved', { id: m._id });
    await settle();
    expect(c.events.length).toBe(before);
    expect(emu.inapp.messages('u1')[0]?.message.status.map((s) => s.status)).toEqual(['SENT', 'DELIVERED']);
    const state = await c.page('all', 1);
    expect(state.messages.messages[0]._id).toBe(m._id);
  });

  it('reads and deletes a message sent back whole, and marks all read then deletes all', async () => {
    for (let i = 1; i <= 3; i++) await fire(emu, { to: { inapp: 'u1' }, data: { title: `m${i}` } });
    const c = await open(emu, { user: 'u1' });
    const [m3, m2] = (await c.page('all', 1)).messages.messages;

    let status = c.next('statusUpdated');
    c.emit('message:read', m3);
    expect(await status).toMatchObject({ messageId: m3._id, status: 'READ', isRead: true, to: 'u1' });
    const again = c.events.length;
    c.emit('message:read', m3); // already read: no second READ, or Fyno's client would count down twice
    await settle();
    expect(c.events.length).toBe(again);
    expect((await c.page('unread', 1)).messages.messages.map((m: any) => m._id)).not.toContain(m3._id);

    status = c.next('statusUpdated');
    c.emit('message:deleted', m3);
    expect(await status).toMatchObject({ messageId: m3._id, status: 'DELETED', isRead: true });
    status = c.next('statusUpdated');
    c.emit('message:deleted', m2);
    expect(await status).toMatchObject({ messageId: m2._id, status: 'DELETED', isRead: false });
    expect((await c.page('all', 1)).messages).toMatchObject({ total: 1, unread: 1, unreadCount: 1 });

    await fire(emu, { to: { inapp: 'u1' }, data: { title: 'm4' } });
    let state = c.next('messages:state');
    c.emit('markAll:read', sign(emu.workspaceId, emu.inapp.integrationToken, 'u1'));
    expect(await state).toMatchObject({ filter: 'all', page: 2, messages: { total: 2, unread: 0, unreadCount: 0 } });
    expect((await state).messages.messages.every((m: any) => m.isRead)).toBe(true);

    state = c.next('messages:state');
    c.emit('markAll:delete'); // Fyno's Kotlin SDK sends nothing
    expect(await state).toMatchObject({ page: 2, messages: { messages: [], total: 0, unread: 0, unreadCount: 0 } });
    expect(emu.inapp.messages('u1').every((r) => r.deleted)).toBe(true);
  });

  it('ignores unknown ids, junk payloads and unknown events without dropping the socket', async () => {
    const c = await open(emu, { user: 'u1' });
    c.emit('message:read', { _id: 'nope' });
    c.emit('message:deleted', 'junk');
    c.emit('get:messages', null);
    c.emit('set:preference', 42);
    c.emit('no:such:event', {});
    const state = await c.next('messages:state');
    expect(state).toMatchObject({ filter: 'all', page: 2 });
    await settle();
    expect(c.socket.connected).toBe(true);
  });

  it('replaces a live message that has the same tag (tag:updated, then the new message)', async () => {
    const c = await open(emu, { user: 'u1' });
    const first = c.next('message');
    await fire(emu, { to: { inapp: 'u1' }, data: { title: 'v1', tag: 'order-A1' } });
    const old = await first;
    const tag = c.next('tag:updated');
    const second = c.next('message');
    await fire(emu, { to: { inapp: 'u1' }, data: { title: 'v2', tag: 'order-A1' } });
    expect(await tag).toBe(old._id);
    expect((await second).notification_content).toMatchObject({ title: 'v2', tag: 'order-A1', notify_tag_update: true });
    expect((await c.page('all', 1)).messages.total).toBe(1);
  });
});

describe('seen', () => {
  it('is unseen after a new message, seen after updateLastSeen in every tab, and stays seen on reconnect', async () => {
    const a = await open(emu, { user: 'u1' });
    const b = await open(emu, { user: 'u1' });
    const unseen = b.next('lastSeenUpdated');
    await fire(emu, { to: { inapp: 'u1' }, data: { title: 'x' } });
    expect(await unseen).toBe(false);
    const fresh = await open(emu, { user: 'u1' });
    expect(await fresh.next('lastSeenUpdated', { seen: true })).toBe(false);
    const seenA = a.next('lastSeenUpdated');
    const seenB = b.next('lastSeenUpdated');
    a.emit('updateLastSeen');
    expect(await seenA).toBe(true);
    expect(await seenB).toBe(true);
    const later = await open(emu, { user: 'u1' });
    expect(await later.next('lastSeenUpdated', { seen: true })).toBe(true);
  });
});

describe('preferences', () => {
  it('shares one store with the REST subscription routes in both directions', async () => {
    // S1–S3 need a profile (CONTRACT.md §4.3, U10); the socket does not.
    emu.addProfile('live', 'u1', {});
    const c = await open(emu, { user: 'u1' });
    let state = c.next('preferences:state');
    c.emit('get:preference');
    expect(await state).toMatchObject({ meta: { all: { preference: {} } }, result: { Orders: [{ subscription_id: 'SORDERS001' }] } });

    const updated = c.next('preference:update');
    c.emit('set:preference', { all: { sms: 'opted-out' }, SORDERS001: { email: 'opted-out', inapp: 'required' }, SNOSUCH001: { email: 'opted-out' } });
    await updated;
    const rest = await call(emu, 'GET', '/live/subscriptions/preference?distinct_id=u1');
    expect(rest.json.meta.all.preference).toEqual({ sms: 'opted-out' });
    const topics = Object.values(rest.json.result).flat() as any[];
    expect(topics.find((t) => t.subscription_id === 'SORDERS001').preference).toMatchObject({ email: 'opted-out', inapp: 'opted-in' });
    expect(topics.some((t) => t.subscription_id === 'SNOSUCH001')).toBe(false);

    const put = await call(emu, 'PUT', '/live/subscriptions/preference?distinct_id=u1', {
      body: { user_preference: { all: { sms: 'opted-in' } } },
    });
    expect(put.status).toBe(200);
    state = c.next('preferences:state');
    c.emit('get:preference');
    // Opting back in removes the global opt-out: `meta.all` lists opt-outs only.
    expect((await state).meta.all.preference).toEqual({});
  });

  it('edits the preferences of the profile that holds the in-app token', async () => {
    emu.addProfile('live', 'ana', { channel: { inapp: [{ token: 'tok-ana', integration_id: emu.inapp.integrationId }] } });
    const c = await open(emu, { user: 'tok-ana' });
    const updated = c.next('preference:update');
    c.emit('set:preference', { all: { email: 'opted-out' } });
    await updated;
    const rest = await call(emu, 'GET', '/live/subscriptions/preference?distinct_id=ana');
    expect(rest.json.meta.all.preference).toEqual({ email: 'opted-out' });
  });

  it('answers preference:update only to the tab that saved', async () => {
    const a = await open(emu, { user: 'u1' });
    const b = await open(emu, { user: 'u1' });
    const updated = a.next('preference:update');
    a.emit('set:preference', { all: { sms: 'opted-out' } });
    await updated;
    await settle();
    expect(b.all('preference:update')).toEqual([]);
    expect(b.all('preferences:state')).toEqual([]);
  });
});

describe('tabs and users', () => {
  it('keeps two tabs of one user in step: live messages, status updates and mark-all', async () => {
    const a = await open(emu, { user: 'u1' });
    const b = await open(emu, { user: 'u1' });
    const onA = a.next('message');
    const onB = b.next('message');
    await fire(emu, { to: { inapp: 'u1' }, data: { title: 'both' } });
    const m = await onA;
    expect((await onB)._id).toBe(m._id);
    const readB = b.next('statusUpdated');
    a.emit('message:read', m);
    expect(await readB).toMatchObject({ messageId: m._id, status: 'READ' });
    const stateB = b.next('messages:state');
    a.emit('markAll:delete');
    expect((await stateB).messages.total).toBe(0);
    // get:messages answers only the tab that asked.
    const countB = b.all('messages:state').length;
    await a.page('all', 1);
    await settle();
    expect(b.all('messages:state')).toHaveLength(countB);
  });

  it('isolates users: no message, status or page of one reaches another', async () => {
    const ana = await open(emu, { user: 'ana' });
    const bob = await open(emu, { user: 'bob' });
    const got = ana.next('message');
    await fire(emu, { to: { inapp: 'ana' }, data: { title: 'for ana' } });
    const m = await got;
    bob.emit('message:read', m);
    bob.emit('message:deleted', m);
    bob.emit('markAll:read');
    await settle();
    expect(bob.all('message')).toEqual([]);
    expect(ana.all('statusUpdated')).toEqual([]);
    expect((await bob.page('all', 1)).messages).toMatchObject({ messages: [], total: 0 });
    expect((await ana.page('all', 1)).messages).toMatchObject({ total: 1, unread: 1 });
  });

  it('delivers a fire by distinct_id to the in-app tokens of the profile, for this integration only', async () => {
    emu.addProfile('live', 'ana', {
      channel: {
        inapp: [
          { token: 'tok-ana', integration_id: emu.inapp.integrationId },
          { token: 'tok-ana-2' },
          { token: 'tok-off', status: 0 },
          { token: 'tok-other', integration_id: 'IOTHER' },
        ],
      },
    });
    const clientsByToken = await Promise.all(['tok-ana', 'tok-ana-2', 'tok-off', 'tok-other', 'ana'].map((user) => open(emu, { user })));
    const [main, second] = clientsByToken as [FynoClient, FynoClient];
    const got = main.next('message');
    const got2 = second.next('message');
    await fire(emu, { distinct_id: 'ana', data: { title: 'by profile' } });
    expect((await got).to).toBe('tok-ana');
    expect((await got2).to).toBe('tok-ana-2');
    await settle();
    for (const c of clientsByToken.slice(2)) expect(c.all('message')).toEqual([]);
  });

  it('lets to.inapp win over the profile token, and delivers test-version fires too', async () => {
    emu.addProfile('live', 'ana', { channel: { inapp: [{ token: 'tok-ana' }] } });
    const profileSocket = await open(emu, { user: 'tok-ana' });
    const direct = await open(emu, { user: 'elsewhere' });
    const got = direct.next('message');
    await fire(emu, { distinct_id: 'ana', to: { inapp: 'elsewhere' }, data: { title: 'to wins' } });
    expect((await got).notification_content.title).toBe('to wins');
    const fromTest = direct.next('message');
    await fire(emu, { to: { inapp: 'elsewhere' }, data: { title: 'test version' } }, 'test');
    expect((await fromTest).notification_content.title).toBe('test version');
    await settle();
    expect(profileSocket.all('message')).toEqual([]);
  });

  it('drops sockets from the server side on request, and the client catches up after it reconnects', async () => {
    const c = await open(emu, { user: 'u1', reconnection: true });
    const back = c.next('connectionSuccess');
    expect(emu.inapp.disconnect('u1')).toBe(1);
    await fire(emu, { to: { inapp: 'u1' }, data: { title: 'while away' } });
    await back;
    const state = await c.page('all', 1);
    expect(state.messages.messages[0].notification_content.title).toBe('while away');
    expect(emu.inapp.connections()).toBe(1);
  });

  it("POST /_emulator/inapp/disconnect cuts one user's sockets (or all) and the clients come back", async () => {
    const a = await open(emu, { user: 'u1', reconnection: true });
    const b = await open(emu, { user: 'u2', reconnection: true });
    const back = a.next('connectionSuccess');
    const res = await fetch(`${emu.url}/_emulator/inapp/disconnect?user_id=u1`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ disconnected: 1 });
    await back;
    expect(b.all('connectionSuccess')).toHaveLength(1);
    const all = await fetch(`${emu.url}/_emulator/inapp/disconnect`, { method: 'POST' });
    expect(await all.json()).toEqual({ disconnected: 2 });
  });

  it('shows each in-app delivery on the inbox page as unread, read or deleted', async () => {
    for (let i = 1; i <= 3; i++) await fire(emu, { to: { inapp: 'u1' }, data: { title: `m${i}` } });
    const c = await open(emu, { user: 'u1' });
    const [m3, m2] = (await c.page('all', 1)).messages.messages;
    let done = c.next('statusUpdated');
    c.emit('message:read', m3);
    await done;
    done = c.next('statusUpdated');
    c.emit('message:deleted', m2);
    await done;
    const html = await (await fetch(`${emu.url}/`)).text();
    const states = [...html.matchAll(/data-inapp-state="(\w+)"/g)].map((m) => m[1]);
    expect(states).toEqual(['read', 'deleted', 'unread']);
  });
});
