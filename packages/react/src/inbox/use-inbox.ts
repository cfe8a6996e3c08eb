/** `useInbox()`: the provider's inbox as React state, with its actions. */
import { IDLE_INBOX_STATE as IDLE, type InappMessage, type Inbox, type InboxError, type InboxStatus } from '@fyno-kit/core/inbox';
import { useCallback, useContext, useMemo, useSyncExternalStore } from 'react';
import { InboxContext } from './inbox-provider';

/** What `useInbox()` returns. */
export interface UseInboxResult {
  /** Newest first; silent messages are not listed. */
  messages: readonly InappMessage[];
  unreadCount: number;
  /** Every message the user has, not only the pages loaded. */
  total: number;
  /** `idle` on the server and before the provider connects. */
  status: InboxStatus;
  hasMore: boolean;
  /** True while a page is being fetched. */
  loading: boolean;
  /** False when something arrived since the user last opened the inbox. */
  isSeen: boolean;
  /** The last failure: of the connection, or of an action that was undone. */
  error: InboxError | null;
  /** Fetches the next page. */
  loadMore(): Promise<void>;
  /** Marks one message read at once; undone (and `error` set) if the server does not confirm. */
  markRead(messageId: string): Promise<void>;
  markAllRead(): Promise<void>;
  /** Deletes one message at once; undone (and `error` set) if the server does not confirm. */
  remove(messageId: string): Promise<void>;
  removeAll(): Promise<void>;
  /** Marks the bell seen (call it when the user opens the inbox). */
  markSeen(): Promise<void>;
}

const noop = (): void => {};
const subscribeNone = (): (() => void) => noop;

/**
 * The signed-in user's in-app inbox, from the nearest `InboxProvider` (one connection shared by
 * every component). Actions never reject: an undone action shows in `error`.
 *
 * @example
 * const { unreadCount, messages, markRead } = useInbox();
 */
export function useInbox(): UseInboxResult {
  const inbox = useContext(InboxContext);
  if (inbox === undefined) throw new Error('useInbox() must be used inside <InboxProvider> (from @fyno-kit/react/inbox).');
  const subscribe = useCallback((onChange: () => void) => (inbox ? inbox.subscribe(onChange) : noop), [inbox]);
  const state = useSyncExternalStore(
    inbox ? subscribe : subscribeNone,
    () => (inbox ? inbox.getState() : IDLE),
    () => IDLE,
  );
  const actions = useMemo(() => bind(inbox), [inbox]);
  return {
    messages: state.messages,
    unreadCount: state.unreadCount,
    total: state.total,
    status: state.status,
    hasMore: state.hasMore,
    loading: state.loading,
    isSeen: state.isSeen,
    error: state.error,
    ...actions,
  };
}

type Actions = Pick<UseInboxResult, 'loadMore' | 'markRead' | 'markAllRead' | 'remove' | 'removeAll' | 'markSeen'>;

/** The inbox's actions, safe to call from event handlers: a failure is state, not a rejection. */
function bind(inbox: Inbox | null): Actions {
  const run = (action: () => Promise<void>): Promise<void> => (inbox ? action().catch(noop) : Promise.resolve());
  return {
    loadMore: () => run(() => inbox!.loadMore()),
    markRead: (id) => run(() => inbox!.markRead(id)),
    markAllRead: () => run(() => inbox!.markAllRead()),
    remove: (id) => run(() => inbox!.remove(id)),
    removeAll: () => run(() => inbox!.removeAll()),
    markSeen: () => run(() => inbox!.markSeen()),
  };
}
