/** The notify route, one line: identify reads the user the middleware put on `locals`. */
import { createNotifyHandler } from '@fyno-kit/core/server';
import type { APIContext, APIRoute } from 'astro';

// No client given: one `new Fyno()` from the FYNO_* variables, built on first use.
const handler = createNotifyHandler({
  identify: (_request, context: APIContext) => context.locals.user?.id,
  events: { order_shipped: {} },
});

// ALL: other methods reach the route too, which answers 405 with its JSON error.
export const ALL: APIRoute = (context) => handler(context.request, context);
