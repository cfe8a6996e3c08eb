/** A demo sign-in for web `Request`s: an HttpOnly cookie naming one of the demo users. Real apps use their own auth. */
import { findUser, SESSION_COOKIE, type DemoUser } from '@fyno-kit/demo/server';

/** The signed-in demo user of a request, from its `Cookie` header. */
export function sessionUser(request: Request): DemoUser | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      try {
        return findUser(decodeURIComponent(part.slice(eq + 1).trim()));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The `Set-Cookie` value that signs `userId` in, or (null) out. */
export function sessionCookie(userId: string | null): string {
  const value = userId === null ? '' : encodeURIComponent(userId);
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict${userId === null ? '; Max-Age=0' : ''}`;
}
