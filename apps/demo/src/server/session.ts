/** A demo sign-in: an HttpOnly cookie naming one of the demo users. Real apps use their own auth. */
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'fyno_demo_user';

/** Reads one cookie from the request without a parser dependency. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
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

export function setSession(res: Response, userId: string | null): void {
  const value = userId === null ? '' : encodeURIComponent(userId);
  const expiry = userId === null ? '; Max-Age=0' : '';
  res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict${expiry}`);
}
