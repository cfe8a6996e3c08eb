/** The page's same-origin calls besides the notify route (which `useNotify()` makes). */
import type { InboxView, SessionView } from '../server/views';

// Types only: the page reads the JSON each demo server builds with the same views.
export type SessionInfo = SessionView;
export type InboxMessage = InboxView['messages'][number];

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
