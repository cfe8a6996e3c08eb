import { useNotify } from '@fyno-kit/react';
import { StatusLine } from './status-line';

/**
 * Requests a well-behaved page would never make, sent on purpose so the route's refusals can be
 * seen: the untyped hook lets any event name through to the server, which decides.
 */
export function SecurityChecks() {
  const forbidden = useNotify();
  const tampered = useNotify();
  return (
    <section className="card" aria-labelledby="security-title">
      <h2 id="security-title">Security checks</h2>
      <p className="muted">The route decides, not the page. Try what a hostile page would.</p>
      <div className="check" data-testid="check-forbidden">
        <button className="secondary" onClick={() => forbidden.notify('admin_broadcast', { text: 'hi all' })}>
          Fire an event not on the allow-list
        </button>
        <StatusLine status={forbidden.status} data={forbidden.data} error={forbidden.error} />
      </div>
      <div className="check" data-testid="check-invalid">
        <button className="secondary" onClick={() => tampered.notify('order_shipped', { order: '', extra: 'x' })}>
          Send data the schema refuses
        </button>
        <StatusLine status={tampered.status} data={tampered.data} error={tampered.error} />
      </div>
    </section>
  );
}
