import { useState } from 'react';
import { useNotify } from '@fyno-kit/react';
import type { DemoPolicy } from '../server/policy';

/**
 * `notify(); navigate('/done')` without a router: the component that sends unmounts in the same
 * click, while its request is still on the wire. The e2e suite clicks it on a slow link.
 */
export function SendAndLeave() {
  const [left, setLeft] = useState(false);
  if (left) {
    return (
      <article className="event" data-testid="sent-page">
        <h3>Check your email</h3>
        <p className="muted small">The card that asked has unmounted; its notification was not cancelled with it.</p>
        <button className="secondary" onClick={() => setLeft(false)}>
          Back to the demo
        </button>
      </article>
    );
  }
  return <Sender onLeave={() => setLeft(true)} />;
}

function Sender({ onLeave }: { onLeave: () => void }) {
  const { notify } = useNotify<DemoPolicy>();
  return (
    <article className="event" data-testid="send-and-go">
      <div className="event-head">
        <h3>Send, then leave</h3>
        <code>password_reset</code>
      </div>
      <p className="muted small">Fires a password reset and leaves this card at once, as a reset form that navigates does.</p>
      <button
        className="primary"
        onClick={() => {
          notify('password_reset');
          onLeave();
        }}
      >
        Reset password and go
      </button>
    </article>
  );
}
