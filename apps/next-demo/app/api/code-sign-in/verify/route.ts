/** "Sign in with a code", step 2: `{ code }` → `verify.validate`, then the session cookie. */
import { codeSignIn } from '../../../../server/backend';
import { answer } from '../answer';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  return answer(await codeSignIn().handle('verify', request, await request.json().catch(() => null)));
}
