/** The page's same-origin calls besides the notify route (which `useNotify()` makes). */

export interface SessionInfo {
  mode: 'emulator' | 'fyno';
  user: { id: string; name: string } | null;
  users: Array<{ id: string; name: string }>;
}

export interface InboxMessage {
  id: string;
  event: string;
  channels: Record<string, string>;
  data: Record<string, unknown> | null;
  received_at: string;
  /** Each channel's stage from the delivery reports the demo received (absent when it receives none). */
  delivery?: Record<string, 'sent' | 'delivered' | 'read' | 'failed'>;
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as T;
}

export const getSession = () => fetch('/api/session').then((r) => json<SessionInfo>(r));
export const signIn = (userId: string) =>
  fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) }).then((r) =>
    json<{ user: SessionInfo['user'] }>(r),
  );
export const signOut = () => fetch('/api/session', { method: 'DELETE' });
export const getInbox = () => fetch('/api/inbox', { cache: 'no-store' }).then((r) => json<{ messages: InboxMessage[] }>(r));
