/**
 * What `useInbox()` calls: core's web-standard in-app session handler, with the demo policy's
 * `identify` (the same sign-in as the notify route). It signs the user with the integration token,
 * which stays on this server; the browser then connects to the in-app server itself.
 */
import { createInappSessionHandler } from '@fyno-kit/core/server';
import { policy } from '@fyno-kit/demo-shared/server';
import { backend } from '../../../../server/backend';

export const dynamic = 'force-dynamic';

let handler: Promise<((request: Request) => Promise<Response>) | undefined> | undefined;

/** Made on first use: the embedded emulator's in-app settings are known once it runs. */
function sessionHandler() {
  handler ??= backend().then(
    ({ client, inapp }) => (inapp ? createInappSessionHandler({ identify: policy.identify, client, ...inapp }) : undefined),
    (error: unknown) => {
      handler = undefined; // the next request tries again
      throw error;
    },
  );
  return handler;
}

export async function POST(request: Request): Promise<Response> {
  const handle = await sessionHandler();
  if (!handle) return Response.json({ error: { code: 'not_found', message: 'No in-app inbox is configured' } }, { status: 404 });
  return handle(request);
}
