import { useState } from 'react';
import { useNotify } from '@fyno-kit/react';
// Type only: the policy module (zod, the user list) stays on the server.
import type { DemoPolicy } from '../server/policy';
import { StatusLine } from './status-line';

export type DemoEvent = 'order_shipped' | 'password_reset' | 'new_message';

/** One event: its inputs, a send button, and the state of its last call. */
export function EventCard({ event, title, blurb, channels }: { event: DemoEvent; title: string; blurb: string; channels: string[] }) {
  const { notify, status, data, error, isPending } = useNotify<DemoPolicy>();
  const [order, setOrder] = useState('A-1001');
  const [text, setText] = useState('Are we still on for Friday?');

  const send = () => {
    if (event === 'order_shipped') notify('order_shipped', { order });
    else if (event === 'password_reset') notify('password_reset');
    else notify('new_message', { from: 'Sam', text });
  };

  return (
    <article className="event" data-testid={`event-${event}`}>
      <div className="event-head">
        <h3>{title}</h3>
        <code>{event}</code>
      </div>
      <p className="muted small">{blurb}</p>
      <div className="chips">
        {channels.map((c) => (
          <span key={c} className="chip subtle">
            {c}
          </span>
        ))}
      </div>
      {event === 'order_shipped' && (
        <label className="field">
          Order
          <input value={order} onChange={(e) => setOrder(e.target.value)} maxLength={40} />
        </label>
      )}
      {event === 'new_message' && (
        <label className="field">
          Message
          <input value={text} onChange={(e) => setText(e.target.value)} maxLength={280} />
        </label>
      )}
      <button className="primary" onClick={send} disabled={isPending}>
        {isPending ? 'Sending…' : `Send ${title.toLowerCase()}`}
      </button>
      <StatusLine status={status} data={data} error={error} />
    </article>
  );
}
