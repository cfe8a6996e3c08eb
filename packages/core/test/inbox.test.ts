/**
 * The headless inbox (`@fyno-kit/core/inbox`) against the emulator's in-app server over real
 * sockets: paging, live messages, optimistic actions kept in step across tabs and undone when not
 * confirmed, seen state, reconnection with catch-up, a fresh session after a refusal, and close.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inappSignature } from '../src/inapp';
import { createInbox, fetchSession, InboxError, type Inbox, type InboxSession, type InboxState } from '../src/inbox/index';
import { setup } from './helpers';

let env: Awaited<ReturnType<typeof setup>>;
const inboxes: Inbox[] = [];

beforeEach(async () => {
  env = await setup();
});
afterEach(async () => {
  for (const i of inboxes.splice(0)) i.close();
  await env.close();
});

async function sessionOf(userId: string, token = env.emu.inapp.integrationToken): Promise<InboxSession> {
  return {
    userId,
    workspaceId: env.emu.workspaceId,
    integrationId: env.emu.inapp.integrationId,
    signature: await inappSignature(env.emu.workspaceId, token, userId),
    url: env.emu.inapp.url,
  };
}

function open(userId: string, extra: Parameters<typeof createInbox>[0] = {}): Inbox {
  const inbox = createInbox({ session: () => sessionOf(userId), reconnectDelayMs: 50, maxReconnectDelayMs: 200, ...extra });
  inboxes.push(inbox);
  return inbox;
}

/** Resolves with the first state that passes `check` (now or later). */
function until(inbox: Inbox, check: (s: InboxState) => boolean, timeoutMs = 8_000): Promise<InboxState> {
  return new Promise((resolve, reject) => {
    let unsubscribe = (): void => {};
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`state never matched; last: ${JSON.stringify({ ...inbox.getState(), messages: inbox.getState().messages.length })}`));
    }, timeoutMs);
    unsubscribe = inbox.subscribe((s) => {
      if (!check(s)) return;
      clearTimeout(timer);
      queueMicrotask(() => unsubscribe());
      resolve(s);
    });
  });
}

const fire = (to: string, data: Record<string, unknown>) => env.fyno.fire('order_shipped', { to: { inapp: to }, data });
const ready = (inbox: Inbox) => until(inbox, (s) => s.status === 'open' && !s.loading);

describe('createInbox', () => {
  it('loads the first page, then the rest with loadMore', async () => {
    for (let i = 1; i <= 25; i++) await fire('u1', { title: `m${i}` });
    const inbox = open('u1');
    const first = await ready(inbox);
    expect(first.messages).toHaveLength(20);
    expect(first.messages[0]!.notification_content.title).toBe('m25');
    expect(first).toMatchObject({ total: 25, unreadCount: 25, hasMore: true });
    await inbox.loadMore();
    const all = inbox.getState();
    expect(all.messages.map((m) => m.notification_content.title).slice(-2)).toEqual(['m2', 'm1']);
    expect(all.hasMore).toBe(false);
    await inbox.loadMore(); // nothing more: no request, no change
    expect(inbox.getState().messages).toHaveLength(25);
  });

  it('adds a live message, counts it, and says the bell is unseen until markSeen', async () => {
    const inbox = open('u1');
    await ready(inbox);
    const seen: InboxState[] = [];
    inbox.subscribe((s) => seen.push(s));
    await fire('u1', { title: 'Hello' });
    const after = await until(inbox, (s) => s.messages.length === 1 && !s.isSeen);
    expect(after).toMatchObject({ total: 1, unreadCount: 1 });
    expect(after.messages[0]!.notification_content.title).toBe('Hello');
    await inbox.markSeen();
    expect(inbox.getState().isSeen).toBe(true);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('marks read and deletes optimistically, and a second tab follows', async () => {
    for (let i = 1; i <= 3; i++) await fire('u1', { title: `m${i}` });
    const a = open('u1');
    const b = open('u1');
    await ready(a);
    await ready(b);
    const [m3, m2] = a.getState().messages;
    const reading = a.markRead(m3!._id);
    // Optimistic: at once, before the server answers.
    expect(a.getState().unreadCount).toBe(2);
    expect(a.getState().messages[0]!.isRead).toBe(true);
    await reading;
    await until(b, (s) => s.unreadCount === 2 && s.messages[0]!.isRead);
    await a.remove(m2!._id);
    expect(a.getState()).toMatchObject({ total: 2, unreadCount: 1 });
    await until(b, (s) => s.total === 2 && s.unreadCount === 1 && s.messages.length === 2);
    await a.markAllRead();
    await until(b, (s) => s.unreadCount === 0 && s.messages.every((m) => m.isRead));
    await b.removeAll();
    expect(b.getState()).toMatchObject({ total: 0, messages: [] });
    await until(a, (s) => s.total === 0 && s.messages.length === 0);
    expect(env.emu.inapp.messages('u1').every((r) => r.deleted)).toBe(true);
  });

  it('undoes an action that was cut off, and reports why', async () => {
    await fire('u1', { title: 'm1' });
    const inbox = open('u1');
    await ready(inbox);
    const id = inbox.getState().messages[0]!._id;
    const reading = inbox.markRead(id);
    expect(inbox.getState().unreadCount).toBe(0);
    inbox.close();
    const error = await reading.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InboxError);
    expect((error as InboxError).code).toBe('closed');
    expect(inbox.getState()).toMatchObject({ unreadCount: 1, status: 'closed' });
    expect(inbox.getState().messages[0]!.isRead).toBe(false);
  });

  it('undoes an action taken while disconnected', async () => {
    await fire('u1', { title: 'm1' });
    const inbox = open('u1', { reconnectDelayMs: 5_000, maxReconnectDelayMs: 5_000 });
    await ready(inbox);
    env.emu.inapp.disconnect('u1');
    await until(inbox, (s) => s.status === 'reconnecting');
    const error = await inbox.remove(inbox.getState().messages[0]!._id).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as InboxError).code).toBe('disconnected');
    expect(inbox.getState()).toMatchObject({ total: 1, unreadCount: 1 });
    expect(inbox.getState().messages).toHaveLength(1);
  });

  it('drops a message another message replaced by tag', async () => {
    const inbox = open('u1');
    await ready(inbox);
    await fire('u1', { title: 'v1', tag: 'order-1' });
    await until(inbox, (s) => s.messages.length === 1);
    await fire('u1', { title: 'v2', tag: 'order-1' });
    const s = await until(inbox, (x) => x.messages[0]?.notification_content.title === 'v2');
    expect(s).toMatchObject({ total: 1, unreadCount: 1 });
    expect(s.messages).toHaveLength(1);
  });

  it('reconnects after the server cuts the connection and catches up on what arrived meanwhile', async () => {
    const inbox = open('u1');
    await ready(inbox);
    expect(env.emu.inapp.disconnect('u1')).toBe(1);
    await fire('u1', { title: 'while away' });
    const s = await until(inbox, (x) => x.status === 'open' && x.messages.some((m) => m.notification_content.title === 'while away'));
    expect(s.total).toBe(1);
  });

  it('fetches a fresh session when the signature is refused (a rotated token), then connects', async () => {
    let calls = 0;
    const inbox = open('u1', {
      session: async () => (++calls === 1 ? sessionOf('u1', 'the-old-token') : sessionOf('u1')),
    });
    await ready(inbox);
    expect(calls).toBe(2);
  });

  it('gives up with "refused" when every fresh session is refused', async () => {
    const inbox = open('u1', { session: () => sessionOf('u1', 'wrong-token') });
    const s = await until(inbox, (x) => x.status === 'error');
    expect(s.error?.code).toBe('refused');
    expect(env.emu.inapp.connections()).toBe(0);
  });

  it('closes cleanly: no socket left at the server, no more changes', async () => {
    const inbox = open('u1');
    await ready(inbox);
    expect(env.emu.inapp.connections()).toBe(1);
    inbox.close();
    await until(inbox, (s) => s.status === 'closed');
    await new Promise((r) => setTimeout(r, 200));
    expect(env.emu.inapp.connections()).toBe(0);
    const before = inbox.getState();
    await fire('u1', { title: 'after close' });
    await new Promise((r) => setTimeout(r, 200));
    expect(inbox.getState()).toBe(before);
  });

  it('does nothing until connect() with connect: false (nothing connects during SSR)', async () => {
    const inbox = open('u1', { connect: false });
    await new Promise((r) => setTimeout(r, 100));
    expect(inbox.getState().status).toBe('idle');
    expect(env.emu.inapp.connections()).toBe(0);
    inbox.connect();
    await ready(inbox);
  });
});

describe('fetchSession', () => {
  it('POSTs to the session route; 401 → unauthorized, a non-session → session_failed', async () => {
    const answers: Array<[number, unknown]> = [
      [401, { error: { code: 'unauthorized' } }],
      [200, { userId: 'u1' }],
      [200, { userId: 'u1', workspaceId: 'W', integrationId: 'I', signature: 's', url: 'http://x' }],
    ];
    const methods: string[] = [];
    const server = createServer((req, res) => {
      methods.push(req.method ?? '');
      const [status, body] = answers.shift()!;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/fyno/inapp-session`;
    try {
      expect(await fetchSession(url).catch((e: InboxError) => e.code)).toBe('unauthorized');
      expect(await fetchSession(url).catch((e: InboxError) => e.code)).toBe('session_failed');
      expect(await fetchSession(url)).toMatchObject({ userId: 'u1', url: 'http://x' });
      expect(methods).toEqual(['POST', 'POST', 'POST']);
    } finally {
      server.close();
    }
  });

  it('stops with "unauthorized" when nobody is signed in', async () => {
    const inbox = createInbox({
      session: () => Promise.reject(new InboxError('unauthorized', 'Sign in', 401)),
    });
    inboxes.push(inbox);
    const s = await until(inbox, (x) => x.status === 'error');
    expect(s.error?.code).toBe('unauthorized');
  });
});
