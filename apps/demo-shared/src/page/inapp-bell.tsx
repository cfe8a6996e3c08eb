/**
 * The in-app bell: the signed-in user's unread count, live over Fyno's in-app socket, and a panel of
 * their messages with read, delete and mark-all. `useInbox()` does the work; this is only its UI.
 *
 * The provider sits here, keyed by the user, because the demo signs in and out without reloading:
 * a new user gets a new connection (with a session signed for them), signing out closes it. An app
 * whose sign-in reloads the page can put `<InboxProvider>` once in its root layout instead.
 */
import { InboxProvider, useInbox } from '@fyno-kit/react/inbox';
import { useState } from 'react';

/** The session route every demo server mounts (useInbox()'s default path). */
const SESSION_ROUTE = '/api/fyno/inapp-session';

/** The bell for `userId`, or nothing when nobody is signed in or the server offers no inbox. */
export function InappBell({ userId, enabled }: { userId: string | null; enabled: boolean }) {
  if (!userId || !enabled) return null;
  return (
    <InboxProvider key={userId} session={SESSION_ROUTE}>
      <Bell />
    </InboxProvider>
  );
}

function Bell() {
  const { unreadCount, status, isSeen, markSeen } = useInbox();
  const [open, setOpen] = useState(false);
  const toggle = () => {
    setOpen(!open);
    // Opening the panel is what "seen" means: the dot goes, the unread count stays.
    if (!open) void markSeen();
  };
  return (
    <div className="bell-wrap">
      <button
        type="button"
        className="bell"
        data-testid="inapp-bell"
        data-unread={unreadCount}
        data-status={status}
        aria-expanded={open}
        aria-controls="inapp-panel"
        aria-label={`Notifications, ${unreadCount} unread`}
        onClick={toggle}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
            fill="currentColor"
          />
        </svg>
        {unreadCount > 0 && <span className="bell-count">{unreadCount > 99 ? '99+' : unreadCount}</span>}
        {!isSeen && <span className="bell-dot" aria-hidden="true" />}
      </button>
      {open && <Panel />}
    </div>
  );
}

const STATUS_TEXT: Record<string, string> = {
  idle: 'Connecting…',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  closed: 'Closed',
  error: 'Not connected',
};

function Panel() {
  const { messages, unreadCount, total, status, hasMore, loading, error, loadMore, markRead, markAllRead, remove } = useInbox();
  return (
    <div id="inapp-panel" className="bell-panel" role="region" aria-label="In-app notifications" data-testid="inapp-panel">
      <div className="bell-panel-head">
        <strong>In-app</strong>
        <span className="muted small">{status === 'open' ? `${total} · ${unreadCount} unread` : STATUS_TEXT[status]}</span>
        <button type="button" className="link" onClick={() => void markAllRead()} disabled={unreadCount === 0}>
          Mark all read
        </button>
      </div>
      {messages.length === 0 ? (
        <p className="muted small">Nothing here yet. Send “New message”: it carries in-app.</p>
      ) : (
        <ul className="bell-list">
          {messages.map((m) => (
            <li key={m._id} className={`bell-message ${m.isRead ? 'read' : 'unread'}`} data-testid="inapp-message" data-read={m.isRead}>
              <div className="message-head">
                <strong>{m.notification_content.title}</strong>
                <time dateTime={m.createdAt}>{new Date(m.createdAt).toLocaleTimeString()}</time>
              </div>
              {m.notification_content.body ? <p className="small">{m.notification_content.body}</p> : null}
              <div className="bell-actions">
                {!m.isRead && (
                  <button type="button" className="link" onClick={() => void markRead(m._id)}>
                    Mark read
                  </button>
                )}
                <button type="button" className="link" onClick={() => void remove(m._id)}>
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {hasMore && (
        <button type="button" className="secondary" onClick={() => void loadMore()} disabled={loading}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
      {error && (
        <p className="status err small" data-testid="inapp-error">
          {error.code}: {error.message}
        </p>
      )}
    </div>
  );
}
