/** Where "Reset password and go" navigates to, at once, while its notification is still on the wire. */
import Link from 'next/link';

export default function SentPage() {
  return (
    <div className="page" data-testid="sent-page">
      <h1>Check your email</h1>
      <p className="muted">
        The page that asked for the reset has unmounted already; the notification was not cancelled with it. It shows up in the inbox
        on the demo page.
      </p>
      <Link href="/">Back to the demo</Link>
    </div>
  );
}
