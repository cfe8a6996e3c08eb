import { useNotify } from '@fyno-kit/react';
import { StatusLine } from './status-line';

/** Requests a well-behaved page never makes, sent on purpose: the untyped hook lets any event through to the route, which decides. */
export function SecurityChecks() {
  const forbidden = useNotify();
  const tampered = useNotify();
  return (
    <section className="card">
      <h2>Security checks</h2>
      <div data-testid="check-forbidden">
        <button onClick={() => forbidden.notify('admin_broadcast', { text: 'hi all' })}>Fire an event not on the allow-list</button>
        <StatusLine status={forbidden.status} data={forbidden.data} error={forbidden.error} />
      </div>
      <div data-testid="check-invalid">
        <button onClick={() => tampered.notify('order_shipped', { order: '', extra: 'x' })}>Send data the schema refuses</button>
        <StatusLine status={tampered.status} data={tampered.data} error={tampered.error} />
      </div>
    </section>
  );
}
