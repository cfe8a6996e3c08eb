/**
 * `useInbox()` against the emulator's in-app server over real sockets: one connection per provider,
 * the count going up live, optimistic read and delete, a second provider (another tab) following,
 * StrictMode's double effects leaving one socket, and unmount closing it.
 */
import { createHmac } from 'node:crypto';
import { startEmulator } from '@fyno-kit/emulator';
import { act, configure, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { StrictMode, version as reactVersion, type ReactNode } from 'react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InboxProvider, useInbox, type InboxSession } from './index';

// Real sockets on a shared, loaded machine: a connection can take seconds (1 s, the default, flaked).
configure({ asyncUtilTimeout: 10_000 });

let emu: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
});
afterAll(() => emu.stop());
beforeEach(() => emu.clear());

const sessionFor = (userId: string) => async (): Promise<InboxSession> => ({
  userId,
  workspaceId: emu.workspaceId,
  integrationId: emu.inapp.integrationId,
  signature: createHmac('sha256', emu.workspaceId + emu.inapp.integrationToken)
    .update(userId)
    .digest('hex'),
  url: emu.inapp.url,
});

async function fire(to: string, title: string): Promise<void> {
  const res = await fetch(`${emu.baseUrl}/${emu.workspaceId}/live/event`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ event: 'order_shipped', to: { inapp: to }, data: { title } }),
  });
  expect(res.status).toBe(202);
}

function Bell({ tab }: { tab: string }) {
  const { unreadCount, total, messages, status, markRead, remove, markAllRead } = useInbox();
  return (
    <div>
      <span data-testid={`${tab}-status`}>{status}</span>
      <span data-testid={`${tab}-unread`}>{unreadCount}</span>
      <span data-testid={`${tab}-total`}>{total}</span>
      {messages.map((m) => (
        <p key={m._id}>
          {m.notification_content.title}
          <button type="button" onClick={() => void markRead(m._id)}>{`${tab} read ${m.notification_content.title}`}</button>
          <button type="button" onClick={() => void remove(m._id)}>{`${tab} delete ${m.notification_content.title}`}</button>
        </p>
      ))}
      <button type="button" onClick={() => void markAllRead()}>{`${tab} all read`}</button>
    </div>
  );
}

const text = (id: string) => screen.getByTestId(id).textContent;

describe(`useInbox on React ${reactVersion}`, () => {
  it('runs on the React major this config asked for', () => {
    expect(reactVersion.split('.')[0]).toBe(process.env.EXPECT_REACT_MAJOR);
  });

  it('shares one connection per provider, counts up live, reads and deletes, and another tab follows', async () => {
    await fire('u1', 'first');
    const session = sessionFor('u1');
    const { unmount } = render(
      <StrictMode>
        <InboxProvider session={session}>
          <Bell tab="a" />
          <Bell tab="a2" />
        </InboxProvider>
        <InboxProvider session={session}>
          <Bell tab="b" />
        </InboxProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(text('a-status')).toBe('open'));
    await waitFor(() => expect(text('b-unread')).toBe('1'));
    // Two providers (two tabs), each one socket, even with StrictMode's double effects.
    await waitFor(() => expect(emu.inapp.connections()).toBe(2));

    await act(() => fire('u1', 'second'));
    await waitFor(() => expect(text('a-unread')).toBe('2'));
    expect(text('a2-unread')).toBe('2');
    await waitFor(() => expect(text('b-unread')).toBe('2'));

    fireEvent.click(screen.getByText('a read second'));
    expect(text('a-unread')).toBe('1'); // optimistic: before the server answers
    await waitFor(() => expect(text('b-unread')).toBe('1'));

    fireEvent.click(screen.getByText('b delete first'));
    await waitFor(() => expect(text('a-total')).toBe('1'));
    expect(text('a-unread')).toBe('0');

    unmount();
    await waitFor(() => expect(emu.inapp.connections()).toBe(0));
  });

  it('marks all read in one tab and the other follows', async () => {
    await fire('u2', 'x');
    await fire('u2', 'y');
    const session = sessionFor('u2');
    const { unmount } = render(
      <>
        <InboxProvider session={session}>
          <Bell tab="a" />
        </InboxProvider>
        <InboxProvider session={session}>
          <Bell tab="b" />
        </InboxProvider>
      </>,
    );
    await waitFor(() => expect(text('b-unread')).toBe('2'));
    await waitFor(() => expect(text('a-unread')).toBe('2'));
    fireEvent.click(screen.getByText('a all read'));
    await waitFor(() => expect(text('b-unread')).toBe('0'));
    unmount();
  });

  it('throws a clear error outside a provider', () => {
    expect(() => renderHook(() => useInbox())).toThrow(/InboxProvider/);
  });

  it('is idle with no connection until the provider mounts its effect', () => {
    const wrapper = ({ children }: { children: ReactNode }) => <InboxProvider session={sessionFor('u3')}>{children}</InboxProvider>;
    const { result, unmount } = renderHook(() => useInbox(), { wrapper });
    expect(result.current.messages).toEqual([]);
    unmount();
  });
});
