'use client';
/**
 * The interactive part of the page, and the one `'use client'` boundary: everything this module
 * imports (the event cards, the inbox) runs in the browser too. Server code is imported by type only.
 */
import { useCallback, useEffect, useState } from 'react';
import { getSession, signIn, signOut, type SessionInfo } from './api';
import { EventCard } from './event-card';
import { Inbox } from './inbox';
import { SecurityChecks } from './security-checks';
import { SendAndGo } from './send-and-go';

const EVENTS = [
  { event: 'order_shipped' as const, title: 'Order shipped', channels: ['email', 'sms'] },
  { event: 'password_reset' as const, title: 'Password reset', channels: ['email'] },
  { event: 'new_message' as const, title: 'New message', channels: ['inapp', 'push'] },
];

export function Demo() {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    getSession().then(setSession, (e: Error) => setLoadError(e.message));
  }, []);
  useEffect(refresh, [refresh]);
  const user = session?.user ?? null;

  return (
    <main className="grid">
      {loadError && <p className="wide status err">Could not reach the demo server: {loadError}</p>}
      <section className="card wide">
        <h2>
          1. Sign in{' '}
          {session && (
            <span className="badge" data-testid="mode">
              {session.mode === 'emulator' ? 'Built-in emulator' : 'Fyno'}
            </span>
          )}
        </h2>
        <div role="group" aria-label="Demo users">
          {session?.users.map((u) => (
            <button key={u.id} aria-pressed={user?.id === u.id} onClick={() => signIn(u.id).then(refresh)}>
              {u.name}
            </button>
          ))}
        </div>
        <p data-testid="signed-in-as">
          {user ? (
            <>
              Signed in as <strong>{user.name}</strong> <code>{user.id}</code>{' '}
              <button onClick={() => void signOut().then(refresh)}>Sign out</button>
            </>
          ) : (
            'Signed out — firing now shows the route’s 401.'
          )}
        </p>
      </section>
      <section className="card wide">
        <h2>2. Fire an event</h2>
        <div className="events">
          {EVENTS.map((e) => (
            <EventCard key={e.event} {...e} />
          ))}
          <SendAndGo />
        </div>
      </section>
      <section className="card">
        <h2>3. Inbox {user ? `for ${user.name}` : ''}</h2>
        <Inbox userId={user?.id ?? null} mode={session?.mode ?? 'emulator'} />
      </section>
      <SecurityChecks />
      <footer className="wide muted">
        <a href="/emulator/">Emulator inbox (all users)</a>
      </footer>
    </main>
  );
}
