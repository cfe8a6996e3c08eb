/**
 * The headless inbox: one connection to Fyno's in-app server for the signed-in user, the list and
 * its counters kept in step with every tab, optimistic actions that are undone when the server does
 * not confirm them, and `subscribe()` for any UI (React, Vue, Svelte, a plain page).
 */
import { io, type Socket } from 'socket.io-client';
import { InboxError } from './errors';
import { fetchSession } from './session';
import type { InappDeliverStatus, InappMessage, InappMessagesState, InboxSession } from './types';

/** Where the connection is. */
export type InboxStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed' | 'error';

/** A snapshot of the inbox; a new object after every change (safe for `useSyncExternalStore`). */
export interface InboxState {
  readonly status: InboxStatus;
  /** Newest first; silent messages are not listed (they go to `onMessage`). */
  readonly messages: readonly InappMessage[];
  readonly unreadCount: number;
  /** Every message the user has (not only the pages loaded). */
  readonly total: number;
  readonly hasMore: boolean;
  /** False when something arrived since the user last opened the inbox (the bell's dot). */
  readonly isSeen: boolean;
  /** True while a page is being fetched. */
  readonly loading: boolean;
  /** The last failure: of the connection, or of an action that was undone. */
  readonly error: InboxError | null;
}

/** Options of `createInbox()`. */
export interface InboxOptions {
  /**
   * Where the session comes from: the session route's URL (default `/api/fyno/inapp-session`, called
   * with POST and the page's cookies), or a function returning a session.
   */
  session?: string | (() => Promise<InboxSession>);
  /** The fetch to call the session route with. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** First wait before reconnecting; doubled up to `maxReconnectDelayMs`, with jitter. Default 500 ms. */
  reconnectDelayMs?: number;
  /** Longest wait between reconnection attempts. Default 10 000 ms. */
  maxReconnectDelayMs?: number;
  /** How long an action waits for the server's confirmation before it is undone. Default 10 000 ms. */
  actionTimeoutMs?: number;
  /** Called with every new message as it arrives, silent ones included. */
  onMessage?: (message: InappMessage) => void;
  /** Connect when created. Default true; pass false to call `connect()` yourself. */
  connect?: boolean;
}

/** The inbox client. */
export interface Inbox {
  getState(): InboxState;
  /** Calls `listener` now and after every change; returns the unsubscribe (a Svelte store, too). */
  subscribe(listener: (state: InboxState) => void): () => void;
  /** Opens the connection (again, after `close()`). Creating the inbox does this unless `connect: false`. */
  connect(): void;
  /** Closes the connection for good; pending actions are undone. */
  close(): void;
  /** Fetches the next page. */
  loadMore(): Promise<void>;
  markRead(messageId: string): Promise<void>;
  markAllRead(): Promise<void>;
  remove(messageId: string): Promise<void>;
  removeAll(): Promise<void>;
  /** Marks the bell seen (the user opened the inbox). */
  markSeen(): Promise<void>;
}

interface Waiter {
  match: (event: string, payload: unknown) => boolean;
  resolve: () => void;
  fail: (error: InboxError) => void;
}

const DEFAULT_SESSION_URL = '/api/fyno/inapp-session';
/** Fresh sessions in a row the server may refuse before the inbox gives up. */
const MAX_REFUSALS = 3;

/**
 * The state before anything connects (and during server rendering): one frozen object, so a UI
 * can use it as its server snapshot and compare it by identity.
 */
export const IDLE_INBOX_STATE: InboxState = Object.freeze({
  status: 'idle',
  messages: Object.freeze([]) as readonly InappMessage[],
  unreadCount: 0,
  total: 0,
  hasMore: false,
  isSeen: true,
  loading: false,
  error: null,
});

/** Creates the inbox of the signed-in user. Nothing connects during server-side rendering unless asked. */
export function createInbox(options: InboxOptions = {}): Inbox {
  const actionTimeoutMs = options.actionTimeoutMs ?? 10_000;
  const baseDelayMs = options.reconnectDelayMs ?? 500;
  const maxDelayMs = options.maxReconnectDelayMs ?? 10_000;
  const getSession =
    typeof options.session === 'function'
      ? options.session
      : () => fetchSession(typeof options.session === 'string' ? options.session : DEFAULT_SESSION_URL, options.fetch);

  let state: InboxState = IDLE_INBOX_STATE;
  const listeners = new Set<(state: InboxState) => void>();
  let socket: Socket | undefined;
  let session: InboxSession | undefined;
  let nextPage = 1;
  let refusals = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  const waiters = new Set<Waiter>();

  const set = (patch: Partial<InboxState>): void => {
    state = { ...state, ...patch };
    for (const listener of [...listeners]) listener(state);
  };

  const settle = (event: string, payload: unknown): void => {
    for (const w of [...waiters]) {
      if (w.match(event, payload)) {
        waiters.delete(w);
        w.resolve();
      }
    }
  };

  const failAll = (error: InboxError): void => {
    for (const w of [...waiters]) {
      waiters.delete(w);
      w.fail(error);
    }
  };

  /** Sends `event` and waits for the reply `match` accepts; `undo` runs when none comes. */
  const act = (emit: () => void, match: Waiter['match'], undo: () => void): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const fail = (error: InboxError): void => {
        clearTimeout(timer);
        undo();
        set({ error });
        reject(error);
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        fail(new InboxError('timeout', 'The inbox did not confirm in time; the change was undone.'));
      }, actionTimeoutMs);
      const waiter: Waiter = {
        match,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        fail,
      };
      if (!socket?.connected) {
        fail(new InboxError('disconnected', 'The inbox is not connected; the change was undone.'));
        return;
      }
      waiters.add(waiter);
      emit();
    });

  const findIndex = (id: string): number => state.messages.findIndex((m) => m._id === id);

  // ---- what the server says ---------------------------------------------------------------

  const onState = (data: InappMessagesState): void => {
    if (data?.filter !== 'all' || !Array.isArray(data.messages?.messages)) return;
    const incoming = data.messages.messages.filter((m) => !m.notification_content?.silent_message);
    // `page` is the next page to ask for: 2 answers the first page, which replaces the list.
    let messages: InappMessage[];
    if (data.page <= 2) messages = incoming;
    else {
      const known = new Set(state.messages.map((m) => m._id));
      messages = [...state.messages, ...incoming.filter((m) => !known.has(m._id))];
    }
    nextPage = data.page;
    const total = Number(data.messages.total) || 0;
    // Fyno's client generations read different names; the server may send either.
    const unread = Number(data.messages.unreadCount ?? data.messages.unread) || 0;
    set({ messages, total, unreadCount: unread, hasMore: messages.length < total && incoming.length > 0, loading: false });
  };

  const onStatus = (s: InappDeliverStatus): void => {
    const at = findIndex(s?.messageId);
    if (at === -1) return;
    const message = state.messages[at]!;
    if (s.status === 'DELETED') {
      const messages = state.messages.slice();
      messages.splice(at, 1);
      set({ messages, total: Math.max(0, state.total - 1), unreadCount: message.isRead ? state.unreadCount : Math.max(0, state.unreadCount - 1) });
    } else if (s.status === 'READ' && !message.isRead) {
      const messages = state.messages.slice();
      messages[at] = { ...message, isRead: true, status: [...(message.status ?? []), s] };
      set({ messages, unreadCount: Math.max(0, state.unreadCount - 1) });
    }
  };

  const onMessage = (message: InappMessage): void => {
    if (!message || typeof message._id !== 'string') return;
    // Fyno's server waits for this receipt (Fyno's own client sends a field that is never set).
    socket?.emit('message:recieved', { id: message._id });
    options.onMessage?.(message);
    if (message.notification_content?.silent_message || findIndex(message._id) !== -1) return;
    set({
      messages: [message, ...state.messages],
      total: state.total + 1,
      unreadCount: message.isRead ? state.unreadCount : state.unreadCount + 1,
    });
  };

  const onTagUpdated = (id: string): void => onStatus({ messageId: id, status: 'DELETED' });

  // ---- the connection --------------------------------------------------------------------

  const open = (fresh: InboxSession): void => {
    session = fresh;
    const s = io(fresh.url, {
      transports: ['polling', 'websocket'],
      auth: { user_id: fresh.userId, WS_ID: fresh.workspaceId, Integration_ID: fresh.integrationId, 'x-fyno-signature': fresh.signature },
      // Polling requests carry it as a header too, as Fyno's client sends it.
      extraHeaders: { 'x-fyno-signature': fresh.signature },
      withCredentials: true,
      forceNew: true,
      reconnection: true,
      reconnectionDelay: baseDelayMs,
      reconnectionDelayMax: maxDelayMs,
      randomizationFactor: 0.5,
    });
    socket = s;
    s.on('connectionSuccess', () => {
      refusals = 0;
      set({ status: 'open', error: null, loading: true });
      // Every (re)connection starts from the first page, so whatever arrived meanwhile is caught up.
      s.emit('get:messages', { filter: 'all', page: 1 });
    });
    s.on('messages:state', (data: InappMessagesState) => {
      onState(data);
      settle('messages:state', data);
    });
    s.on('message', onMessage);
    s.on('statusUpdated', (status: InappDeliverStatus) => {
      onStatus(status);
      settle('statusUpdated', status);
    });
    s.on('tag:updated', onTagUpdated);
    s.on('lastSeenUpdated', (seen: unknown) => {
      set({ isSeen: seen === true });
      settle('lastSeenUpdated', seen);
    });
    s.on('disconnect', (reason) => {
      failAll(new InboxError('disconnected', 'The connection was lost; the change was undone.'));
      if (state.status === 'closed') return;
      set({ status: 'reconnecting', loading: false });
      // The server ended the session itself: Socket.IO will not retry, so start over with a fresh one.
      if (reason === 'io server disconnect') {
        s.removeAllListeners();
        socket = undefined;
        scheduleStart(backoffMs(1));
      }
    });
    s.on('connect_error', () => {
      // `active`: the client retries by itself (a network error). Not active: the server refused
      // the signature (a rotated token, another user signed in), so a fresh session is needed.
      if (s.active) {
        if (state.status !== 'closed') set({ status: 'reconnecting' });
        return;
      }
      s.removeAllListeners();
      s.close();
      socket = undefined;
      refusals++;
      if (refusals >= MAX_REFUSALS) {
        set({ status: 'error', error: new InboxError('refused', 'The in-app server refused this session.') });
        return;
      }
      scheduleStart(backoffMs(refusals));
    });
  };

  const backoffMs = (attempt: number): number => {
    const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return exp / 2 + Math.random() * (exp / 2);
  };

  const scheduleStart = (delayMs: number): void => {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void start(), delayMs);
  };

  let sessionFailures = 0;
  const start = async (): Promise<void> => {
    const mine = ++generation;
    set({ status: state.status === 'idle' || state.status === 'closed' ? 'connecting' : 'reconnecting' });
    let fresh: InboxSession;
    try {
      fresh = await getSession();
    } catch (error) {
      if (mine !== generation || state.status === 'closed') return;
      const failure = error instanceof InboxError ? error : new InboxError('session_failed', 'The inbox session could not be fetched.');
      if (failure.code === 'unauthorized') {
        set({ status: 'error', error: failure });
        return;
      }
      // The app's server may be restarting: keep trying, more slowly each time.
      set({ status: 'reconnecting', error: failure });
      scheduleStart(backoffMs(++sessionFailures));
      return;
    }
    if (mine !== generation || state.status === 'closed') return;
    sessionFailures = 0;
    open(fresh);
  };

  const inbox: Inbox = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      listener(state);
      return () => listeners.delete(listener);
    },
    connect() {
      if (socket || state.status === 'connecting') return;
      refusals = 0;
      set({ status: 'idle', error: null });
      void start();
    },
    close() {
      generation++;
      clearTimeout(retryTimer);
      set({ status: 'closed', loading: false });
      failAll(new InboxError('closed', 'The inbox was closed; the change was undone.'));
      if (socket) {
        socket.removeAllListeners();
        socket.disconnect();
        socket = undefined;
      }
    },
    async loadMore() {
      if (!state.hasMore || state.loading) return;
      const page = nextPage;
      set({ loading: true });
      await act(
        () => socket!.emit('get:messages', { filter: 'all', page }),
        (event, data) => event === 'messages:state' && (data as InappMessagesState)?.page === page + 1,
        () => set({ loading: false }),
      );
    },
    markRead(messageId) {
      const at = findIndex(messageId);
      const message = state.messages[at];
      if (!message || message.isRead) return Promise.resolve();
      const messages = state.messages.slice();
      messages[at] = { ...message, isRead: true };
      set({ messages, unreadCount: Math.max(0, state.unreadCount - 1) });
      return act(
        // Fyno's server takes the whole message, as Fyno's clients send it.
        () => socket!.emit('message:read', message),
        (event, s) => event === 'statusUpdated' && (s as InappDeliverStatus).messageId === messageId,
        () => {
          const now = findIndex(messageId);
          if (now === -1 || !state.messages[now]!.isRead) return;
          const undone = state.messages.slice();
          undone[now] = { ...state.messages[now]!, isRead: false };
          set({ messages: undone, unreadCount: state.unreadCount + 1 });
        },
      );
    },
    markAllRead() {
      const before = state.messages;
      const unread = state.unreadCount;
      set({ messages: state.messages.map((m) => (m.isRead ? m : { ...m, isRead: true })), unreadCount: 0 });
      return act(
        () => socket!.emit('markAll:read', session?.signature),
        (event) => event === 'messages:state',
        () => set({ messages: before, unreadCount: unread }),
      );
    },
    remove(messageId) {
      const at = findIndex(messageId);
      const message = state.messages[at];
      if (!message) return Promise.resolve();
      const messages = state.messages.slice();
      messages.splice(at, 1);
      set({ messages, total: Math.max(0, state.total - 1), unreadCount: message.isRead ? state.unreadCount : Math.max(0, state.unreadCount - 1) });
      return act(
        () => socket!.emit('message:deleted', message),
        (event, s) => event === 'statusUpdated' && (s as InappDeliverStatus).messageId === messageId,
        () => {
          if (findIndex(messageId) !== -1) return;
          const undone = state.messages.slice();
          undone.splice(Math.min(at, undone.length), 0, message);
          set({ messages: undone, total: state.total + 1, unreadCount: message.isRead ? state.unreadCount : state.unreadCount + 1 });
        },
      );
    },
    removeAll() {
      const { messages, total, unreadCount } = state;
      set({ messages: [], total: 0, unreadCount: 0, hasMore: false });
      return act(
        () => socket!.emit('markAll:delete', session?.signature),
        (event) => event === 'messages:state',
        () => set({ messages, total, unreadCount, hasMore: messages.length < total }),
      );
    },
    markSeen() {
      const was = state.isSeen;
      set({ isSeen: true });
      return act(
        () => socket!.emit('updateLastSeen'),
        (event, seen) => event === 'lastSeenUpdated' && seen === true,
        () => set({ isSeen: was }),
      );
    },
  };
  if (options.connect !== false) inbox.connect();
  return inbox;
}
