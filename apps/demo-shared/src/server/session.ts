/**
 * A demo sign-in: an HttpOnly cookie naming one of the demo users. Real apps use their own auth.
 * Read from any request the demos see: Node's (Express, Fastify under Nest) or the web's (Next.js).
 */
import { type DemoUser, findUser } from './users';

export const SESSION_COOKIE = 'fyno_demo_user';

/** What the demos' requests have in common: web `Headers`, or Node's header object. */
export interface DemoRequest {
  headers: Headers | Record<string, string | string[] | undefined>;
}

function cookieHeader(request: DemoRequest): string | undefined {
  const { headers } = request;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get('cookie') ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>).cookie;
  return Array.isArray(value) ? value.join('; ') : value;
}

/** Reads one cookie without a parser dependency. */
export function readCookie(request: DemoRequest, name: string): string | undefined {
  for (const part of (cookieHeader(request) ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The signed-in demo user of a request, from its session cookie. */
export function sessionUser(request: DemoRequest): DemoUser | undefined {
  return findUser(readCookie(request, SESSION_COOKIE));
}

/** The `Set-Cookie` value that signs `userId` in, or (null) out. */
export function sessionCookie(userId: string | null): string {
  const value = userId === null ? '' : encodeURIComponent(userId);
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict${userId === null ? '; Max-Age=0' : ''}`;
}
