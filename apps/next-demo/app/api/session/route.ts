/** The demo's sign-in: who is signed in (GET), sign in as a demo user (POST), sign out (DELETE). */
import { findUser, sessionCookie, sessionUser, sessionView } from '@fyno-kit/demo-shared/server';
import { backend } from '../../../server/backend';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const { mode, inapp } = await backend();
  return Response.json(sessionView(sessionUser(request), mode, inapp !== undefined, { preferences: true, codeSignIn: true }), {
    headers: { 'cache-control': 'no-store' },
  });
}

export async function POST(request: Request): Promise<Response> {
  const body: unknown = await request.json().catch(() => null);
  const userId = (body as { userId?: unknown } | null)?.userId;
  const user = findUser(typeof userId === 'string' ? userId : undefined);
  if (!user) return Response.json({ error: { code: 'unknown_user', message: 'Pick one of the demo users' } }, { status: 400 });
  return Response.json({ user: { id: user.id, name: user.name } }, { headers: { 'set-cookie': sessionCookie(user.id) } });
}

export function DELETE(): Response {
  return new Response(null, { status: 204, headers: { 'set-cookie': sessionCookie(null) } });
}
