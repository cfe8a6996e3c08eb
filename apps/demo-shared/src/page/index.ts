/**
 * The demo page, one source for every demo: the Vite page of apps/demo (also served by
 * apps/nest-demo) and the Next.js client component of apps/next-demo. New sections go in
 * `demo-page.tsx`; only how the page navigates differs per app (`sendAndLeave`).
 */
export { DemoPage } from './demo-page';
export { EventCard, type DemoEvent } from './event-card';
export { Inbox } from './inbox';
export { PreferencesPanel } from './preferences-panel';
export { CodeSignIn } from './code-sign-in';
export { InappBell } from './inapp-bell';
export { SecurityChecks } from './security-checks';
export { SendAndLeave, SentNotice } from './send-and-leave';
export { StatusLine } from './status-line';
export { getInbox, getSession, signIn, signOut, type InboxMessage, type SessionInfo } from './api';
