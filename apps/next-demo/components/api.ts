/** The page's same-origin calls besides the notify route (which `useNotify()` makes). */
import type { inboxView, sessionView } from '@fyno-kit/demo/server';

export type SessionInfo = ReturnType<typeof sessionView>;
export type InboxMessage = ReturnType<typeof inboxView>['messages'][number];

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as T;
}

export const getSession = () => fetch('/api/session', { cache: 'no-store' }).then((r) => json<SessionInfo>(r));
export const signIn = (userId: string) =>
  fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) }).then((r) =>
    json<{ user: SessionInfo['user'] }>(r),
  );
export const signOut = () => fetch('/api/session', { method: 'DELETE' });
export const getInbox = () => fetch('/api/inbox', { cache: 'no-store' }).then((r) => json<{ messages: InboxMessage[] }>(r));
