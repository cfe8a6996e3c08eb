import { InboxProvider, useInbox } from '@fyno-kit/react/inbox';

function Bell() {
  const { unreadCount, messages, markRead, markAllRead, remove, isSeen, markSeen } = useInbox();
  return (
    <details onToggle={() => void markSeen()}>
      <summary>
        Notifications <b>{unreadCount}</b>
        {isSeen ? null : ' •'}
      </summary>
      <button onClick={() => void markAllRead()}>Mark all read</button>
      {messages.map((m) => (
        <p key={m._id}>
          {m.notification_content.title}
          {m.isRead ? null : <button onClick={() => void markRead(m._id)}>Read</button>}
          <button onClick={() => void remove(m._id)}>Delete</button>
        </p>
      ))}
    </details>
  );
}

export function App() {
  return (
    <InboxProvider session="/api/fyno/inapp-session">
      <Bell />
    </InboxProvider>
  );
}
