/**
 * The app's own auth, as a React Router app keeps it: a cookie session, read by a root middleware
 * that puts the signed-in user on the router context for every route below (resource routes too).
 */
import { createContext, createCookieSessionStorage, type MiddlewareFunction } from 'react-router';

export interface User {
  id: string;
}

/** The signed-in user, or null; `context.get(userContext)` in any loader, action or middleware. */
export const userContext = createContext<User | null>(null);

export const sessions = createCookieSessionStorage<{ userId: string }>({
  cookie: { name: 'session', httpOnly: true, sameSite: 'lax', path: '/', secrets: [process.env.SESSION_SECRET ?? 'dev-session-secret'] },
});

export const sessionMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const session = await sessions.getSession(request.headers.get('cookie'));
  const userId = session.get('userId');
  context.set(userContext, userId ? { id: userId } : null);
  return next();
};
