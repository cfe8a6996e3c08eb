/** The signed-in user's inbox: what the embedded emulator received for them, newest first. */
import { inboxView } from '@fyno-kit/demo/server';
import { backend } from '../../../server/backend';
import { sessionUser } from '../../../server/session';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const user = sessionUser(request);
  if (!user) return Response.json({ error: { code: 'unauthorized', message: 'Sign in to see your inbox' } }, { status: 401 });
  const { emulator, mode } = await backend();
  return Response.json(inboxView(emulator, user, mode), { headers: { 'cache-control': 'no-store' } });
}
