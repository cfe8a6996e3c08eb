import type { ReactNode } from 'react';
import { useNotify } from '@fyno-kit/react';
import type { DemoPolicy } from '../server/policy';

/**
 * `notify(); leave()`: the card that sends is gone in the same click, while its request is still on
 * the wire (`router.push` in Next.js, a state change in the Vite page). The hook neither aborts it
 * on unmount nor lets the navigation cancel it (keepalive). The e2e suite clicks it on a slow link.
 */
export function SendAndLeave({ onLeave }: { onLeave: () => void }) {
  const { notify } = useNotify<DemoPolicy>({ onError: (e) => console.warn(`password_reset failed: ${e.code}`) });
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

/** Where "Reset password and go" lands; `back` returns to the demo (a link, or a button). */
export function SentNotice({ back }: { back: ReactNode }) {
  return (
    <article className="event" data-testid="sent-page">
      <h3>Check your email</h3>
      <p className="muted small">The card that asked has unmounted; its notification was not cancelled with it.</p>
      {back}
    </article>
  );
}
