/** The demo page: a Server Component around the client components that sign in and notify. */
import { Demo } from '../components/demo';

export default function Page() {
  return (
    <div className="page">
      <header className="top">
        <h1>fyno-kit · Next.js App Router demo</h1>
        <p className="muted">
          <code>useNotify()</code> in a client component → <code>POST /api/fyno/notify</code> (a route handler) → <code>fyno.fire()</code>
        </p>
      </header>
      <Demo />
    </div>
  );
}
