// Sign-in stand-in: a real app checks a password or an OAuth callback here; this one trusts `?as=`.
import { sessions } from '../session.server';
import type { Route } from './+types/login';

export async function action({ request }: Route.ActionArgs) {
  const session = await sessions.getSession();
  session.set('userId', new URL(request.url).searchParams.get('as') ?? '');
  return new Response(null, { status: 204, headers: { 'set-cookie': await sessions.commitSession(session) } });
}
