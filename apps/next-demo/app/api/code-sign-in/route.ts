/** "Sign in with a code", step 1: `{ email }` → a fire of `login_code` (see `CodeSignIn`). */
import { codeSignIn } from '../../../server/backend';
import { answer } from './answer';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  return answer(await codeSignIn().handle('start', request, await request.json().catch(() => null)));
}
