/** The in-app inbox's session for the signed-in user (FYNO_INAPP_* variables); the token never leaves the server. */
import { createInappSessionHandler } from '@fyno-kit/core/server';
import type { APIContext, APIRoute } from 'astro';

const session = createInappSessionHandler({
  identify: (_request, context: APIContext) => context.locals.user?.id,
});

export const ALL: APIRoute = (context) => session(context.request, context);
