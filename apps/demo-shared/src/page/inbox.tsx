import { useEffect, useState } from 'react';
import { getInbox, type InboxMessage } from './api';

const POLL_MS = 1_000;

/** What the emulator received for the signed-in user, refreshed every second. */
export function Inbox({ userId, mode }: { userId: string | null; mode: 'emulator' | 'fyno' }) {
  const [messages, setMessages] = useState<InboxMessage[]>([]);

  useEffect(() => {
    setMessages([]);
    if (!userId || mode !== 'emulator') return;
    let alive = true;
    const load = () =>
      getInbox().then(
        (r) => alive && setMessages(r.messages),
        () => undefined,
      );
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [userId, mode]);

  if (mode !== 'emulator') return <p className="muted">Messages go to Fyno; see them in your Fyno dashboard.</p>;
  if (!userId) return <p className="muted">Sign in to see what reaches you.</p>;
  if (messages.length === 0)
    return (
      <p className="muted" data-testid="inbox-empty">
        Nothing yet. Fire an event.
      </p>
    );
  return (
    <ul className="inbox" data-testid="inbox">
      {messages.map((m) => (
        <li key={m.id} className="message" data-testid="inbox-message" data-event={m.event}>
          <div className="message-head">
            <strong>{m.event}</strong>
            <time dateTime={m.received_at}>{new Date(m.received_at).toLocaleTimeString()}</time>
          </div>
          <div className="chips">
            {Object.entries(m.channels).map(([ch, dest]) => {
              const stage = m.delivery?.[ch];
              return (
                <span key={ch} className={`chip ${stage ? `stage-${stage}` : ''}`} title={dest}>
                  {ch}: {dest}
                  {stage && (
                    <span className="stage" data-testid="delivery-status" data-channel={ch} data-status={stage}>
                      {' · '}
                      {stage}
                    </span>
                  )}
                </span>
              );
            })}
            {Object.entries(m.skipped).map(([ch, skip]) => (
              <span key={`skipped-${ch}`} className="chip skipped" data-testid="skipped" data-channel={ch} data-reason={skip.reason} title={skip.detail}>
                {ch}: {skip.destination}
                <span className="reason">skipped — {skip.detail}</span>
              </span>
            ))}
          </div>
          {m.data && Object.keys(m.data).length > 0 && <pre className="data">{JSON.stringify(m.data)}</pre>}
        </li>
      ))}
    </ul>
  );
}
