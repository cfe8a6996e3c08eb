/** The notify route, one line per method: identify reads the user hooks.server.ts put on `locals`. */
import { createNotifyHandler } from '@fyno-kit/core/server';
import type { RequestEvent, RequestHandler } from './$types';

// No client given: one `new Fyno()` from the FYNO_* variables, built on first use.
const handler = createNotifyHandler({
  identify: (_request, event: RequestEvent) => event.locals.user?.id,
  events: { order_shipped: {} },
});

export const POST: RequestHandler = (event) => handler(event.request, event);
// Every other method reaches the route too, which answers 405 with its JSON error.
export const fallback: RequestHandler = (event) => handler(event.request, event);
