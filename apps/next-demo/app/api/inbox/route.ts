/** The signed-in user's inbox: what the embedded emulator received for them, newest first, with each channel's delivery stage. */
import { inboxView, sessionUser } from '@fyno-kit/demo-shared/server';
import { backend } from '../../../server/backend';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const user = sessionUser(request);
  if (!user) return Response.json({ error: { code: 'unauthorized', message: 'Sign in to see your inbox' } }, { status: 401 });
  const { emulator, mode, delivery } = await backend();
  return Response.json(inboxView(emulator, user, mode, delivery && ((msgId) => delivery.stageOf(msgId))), { headers: { 'cache-control': 'no-store' } });
}
