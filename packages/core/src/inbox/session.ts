/** Fetches the in-app session from the app's session route (the page's cookies go with it). */
import { InboxError } from './errors';
import type { InboxSession } from './types';

const FIELDS = ['userId', 'workspaceId', 'integrationId', 'signature', 'url'] as const;

/** POSTs to `url` and checks the answer is a session; 401 → `unauthorized`, anything else → `session_failed`. */
export async function fetchSession(url: string, fetchImpl: typeof fetch = globalThis.fetch): Promise<InboxSession> {
  let res: Response;
  try {
    res = await fetchImpl(url, { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    throw new InboxError('session_failed', 'The inbox session route could not be reached.');
  }
  if (res.status === 401) throw new InboxError('unauthorized', 'Sign in to open your inbox.', 401);
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const session = body as Record<string, unknown> | undefined;
  if (!res.ok || !session || FIELDS.some((f) => typeof session[f] !== 'string' || session[f] === '')) {
    throw new InboxError('session_failed', `The inbox session route answered ${res.status}.`, res.status);
  }
  return session as unknown as InboxSession;
}
