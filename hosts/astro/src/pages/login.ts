/** Sign-in: a real app checks a password or an OAuth callback first; here every POST signs in `u_123`. */
import type { APIRoute } from 'astro';
import { sessions } from '../lib/sessions';

export const POST: APIRoute = ({ cookies, url }) => {
  const sid = crypto.randomUUID();
  sessions.set(sid, url.searchParams.get('as') ?? 'u_123');
  cookies.set('session', sid, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
  return new Response('signed in\n');
};
