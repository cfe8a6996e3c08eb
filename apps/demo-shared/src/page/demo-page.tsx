import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { getSession, type SessionInfo, signIn, signOut } from './api';
import { CodeSignIn } from './code-sign-in';
import { EventCard } from './event-card';
import { InappBell } from './inapp-bell';
import { Inbox } from './inbox';
import { PreferencesPanel } from './preferences-panel';
import { SecurityChecks } from './security-checks';

const EVENTS = [
  {
    event: 'order_shipped' as const,
    title: 'Order shipped',
    blurb: 'Email and SMS, with the order number as template data.',
    channels: ['email', 'sms'],
  },
  {
    event: 'password_reset' as const,
    title: 'Password reset',
    blurb: 'Email only, no data from the page.',
    channels: ['email'],
  },
  {
    event: 'new_message' as const,
    title: 'New message',
    blurb: 'In-app and push, with who wrote and what.',
    channels: ['inapp', 'push'],
  },
];

export interface DemoPageProps {
  /** The page's heading, naming the host (e.g. "fyno-kit · Next.js App Router demo"). */
  title?: string;
  /** The "send, then leave" card, wired to the host's way of navigating (see `SendAndLeave`). */
  sendAndLeave: ReactNode;
}

/** The whole demo page: sign-in, the event cards, the inbox and the security checks. */
export function DemoPage({ title = 'fyno-kit demo', sendAndLeave }: DemoPageProps) {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    getSession().then(setSession, (e: Error) => setLoadError(e.message));
  }, []);
  useEffect(refresh, [refresh]);

  const user = session?.user ?? null;

  return (
    <div className="page">
      <header className="top">
        <div className="brand">
          <span className="logo" aria-hidden>
            F
          </span>
          <div>
            <h1>{title}</h1>
            <p className="muted">Fire notifications from React through a server route that holds the key.</p>
          </div>
        </div>
        <div className="top-right">
          <InappBell userId={user?.id ?? null} enabled={session?.inapp ?? false} />
          {session && (
            <span className={`badge ${session.mode}`} data-testid="mode">
              {session.mode === 'emulator' ? 'Built-in emulator' : 'Fyno'}
            </span>
          )}
        </div>
      </header>

      {loadError && <p className="alert">Could not reach the demo server: {loadError}</p>}

      <main className="grid">
        <section className="card wide signin" aria-labelledby="signin-title">
          <div>
            <h2 id="signin-title">1. Sign in</h2>
            <p className="muted">The route sends to whoever is signed in — the page never names a recipient.</p>
          </div>
          <div className="users" role="group" aria-label="Demo users">
            {session?.users.map((u) => (
              <button
                key={u.id}
                className={`user ${user?.id === u.id ? 'active' : ''}`}
                aria-pressed={user?.id === u.id}
                onClick={() => signIn(u.id).then(refresh)}
              >
                <span className="avatar" aria-hidden>
                  {u.name[0]}
                </span>
                {u.name}
              </button>
            ))}
          </div>
          <p className="signed" data-testid="signed-in-as">
            {user ? (
              <>
                Signed in as <strong>{user.name}</strong> <code>{user.id}</code>{' '}
                <button className="link" onClick={() => void signOut().then(refresh)}>
                  Sign out
                </button>
              </>
            ) : (
              'Signed out — firing now shows the route’s 401.'
            )}
          </p>
          {session?.features.codeSignIn && <CodeSignIn onSignedIn={refresh} />}
        </section>

        <section className="card wide" aria-labelledby="events-title">
          <h2 id="events-title">2. Fire an event</h2>
          <div className="events">
            {EVENTS.map((e) => (
              <EventCard key={e.event} {...e} />
            ))}
            {sendAndLeave}
          </div>
        </section>

        <section className="card" aria-labelledby="inbox-title">
          <h2 id="inbox-title">3. Inbox {user ? `for ${user.name}` : ''}</h2>
          <Inbox userId={user?.id ?? null} mode={session?.mode ?? 'emulator'} />
        </section>

        {session?.features.preferences && <PreferencesPanel userId={user?.id ?? null} />}

        <SecurityChecks />
      </main>

      <footer className="foot muted">
        <a href="/emulator/">Emulator inbox (all users)</a> · fyno-kit · <code>useNotify()</code> → <code>POST /api/fyno/notify</code> →{' '}
        <code>fyno.fire()</code>
      </footer>
    </div>
  );
}
