/**
 * `<Inbox>`: a small unstyled list on `useInbox()`: a count, the messages with read and delete
 * buttons, and "load more". Style it with the class names, or write your own on the hook.
 */
import type { ReactElement, ReactNode } from 'react';
import type { InappMessage } from '@fyno-kit/core/inbox';
import { useInbox } from './use-inbox';

/** Props of {@link Inbox}. */
export interface InboxProps {
  /** Renders one message; default: its title and body as text. */
  renderMessage?: (message: InappMessage) => ReactNode;
  /** Shown when there is no message. */
  empty?: ReactNode;
}

/** An unstyled inbox list; needs an `InboxProvider` above it. */
export function Inbox({ renderMessage, empty = 'No notifications' }: InboxProps): ReactElement {
  const { messages, unreadCount, hasMore, loadMore, markRead, markAllRead, remove } = useInbox();
  return (
    <div className="fyno-inbox">
      <div className="fyno-inbox-header">
        <span className="fyno-inbox-unread">{unreadCount}</span>
        <button type="button" onClick={() => void markAllRead()} disabled={unreadCount === 0}>
          Mark all read
        </button>
      </div>
      {messages.length === 0 ? <p className="fyno-inbox-empty">{empty}</p> : null}
      <ul className="fyno-inbox-list">
        {messages.map((m) => (
          <li key={m._id} className={m.isRead ? 'fyno-inbox-message is-read' : 'fyno-inbox-message'}>
            {renderMessage ? (
              renderMessage(m)
            ) : (
              <>
                <strong>{m.notification_content.title}</strong>
                {m.notification_content.body ? <p>{m.notification_content.body}</p> : null}
              </>
            )}
            {m.isRead ? null : (
              <button type="button" onClick={() => void markRead(m._id)}>
                Mark read
              </button>
            )}
            <button type="button" onClick={() => void remove(m._id)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {hasMore ? (
        <button type="button" className="fyno-inbox-more" onClick={() => void loadMore()}>
          Load more
        </button>
      ) : null}
    </div>
  );
}
