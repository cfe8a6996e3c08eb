import type { NotifyError, NotifySuccessBody } from '@fyno-kit/react';

/** One call's outcome: pending, the channels Fyno accepted, or the route's error code. */
export function StatusLine({ status, data, error }: { status: string; data: NotifySuccessBody | undefined; error: NotifyError | null }) {
  if (status === 'pending')
    return (
      <p className="status pending" role="status">
        Sending…
      </p>
    );
  if (status === 'success' && data) {
    return (
      <p className="status ok" role="status">
        Sent to{' '}
        {Object.entries(data.channels).map(([ch, r]) => (
          <span key={ch} className="chip" title={r.msg_id}>
            {ch} · {r.status}
          </span>
        ))}
      </p>
    );
  }
  if (status === 'error' && error) {
    return (
      <p className="status err" role="alert">
        <code data-testid="error-code">{error.code}</code> <span className="muted">HTTP {error.status}</span> — {error.message}
      </p>
    );
  }
  return <p className="status idle">Not sent yet.</p>;
}
