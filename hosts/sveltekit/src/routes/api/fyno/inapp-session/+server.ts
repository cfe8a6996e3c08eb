/** The in-app inbox's session for the signed-in user (FYNO_INAPP_* variables); the token never leaves the server. */
import { createInappSessionHandler } from '@fyno-kit/core/server';
import type { RequestEvent, RequestHandler } from './$types';

const session = createInappSessionHandler({
  identify: (_request, event: RequestEvent) => event.locals.user?.id,
});

export const POST: RequestHandler = (event) => session(event.request, event);
export const fallback: RequestHandler = (event) => session(event.request, event);
