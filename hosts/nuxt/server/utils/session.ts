/**
 * The app's own auth, as an H3 app keeps it: H3's sealed cookie session. The session middleware puts
 * the signed-in user on `event.context.user` for every route.
 */
import { type H3Event, useSession } from 'h3';

declare module 'h3' {
  interface H3EventContext {
    /** The signed-in user (server/middleware/session.ts), or undefined. */
    user?: { id: string };
  }
}

export const appSession = (event: H3Event) =>
  useSession<{ userId?: string }>(event, { name: 'session', password: process.env.SESSION_SECRET ?? 'dev-session-secret-of-at-least-32-chars' });
