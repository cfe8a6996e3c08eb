/**
 * Type-checked with the app (test/typecheck.test.ts): the handler's context is SvelteKit's own
 * `RequestEvent`, with no cast, and a handler whose `identify` reads the event cannot be called without it.
 */
import { createNotifyHandler } from '@fyno-kit/core/server';
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';

const handler = createNotifyHandler({
  identify: (_request, event: RequestEvent) => event.locals.user?.id,
  events: { order_shipped: {} },
});

export const POST: RequestHandler = (event) => handler(event.request, event);
// @ts-expect-error identify reads the event, so the handler requires it
export const withoutEvent: RequestHandler = (event) => handler(event.request);
// @ts-expect-error the context is the RequestEvent identify declared, not anything
export const wrongContext: RequestHandler = (event) => handler(event.request, { locals: 1 });
