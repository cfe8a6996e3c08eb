import { useEffect } from 'react';
import { useRouter } from 'next/navigation';
import { useNotify } from '@fyno-kit/react';
import type { DemoPolicy } from '../server/policy';

/**
 * `notify(); router.push(...)`: this component unmounts while its request is still on the wire.
 * The hook neither aborts it on unmount nor lets the navigation cancel it (keepalive).
 */
export function SendAndGo() {
  const router = useRouter();
  const { notify } = useNotify<DemoPolicy>({ onError: (e) => console.warn(`password_reset failed: ${e.code}`) });
  // As a <Link> in view would: the next page is ready, so the push unmounts this at once.
  useEffect(() => router.prefetch('/sent'), [router]);
  return (
    <article className="event" data-testid="send-and-go">
      <h3>Send, then navigate</h3>
      <p className="muted">Fires a password reset and goes to another page at once, as a real reset form does.</p>
      <button
        className="primary"
        onClick={() => {
          notify('password_reset');
          router.push('/sent');
        }}
      >
        Reset password and go
      </button>
    </article>
  );
}
