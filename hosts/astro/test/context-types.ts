/**
 * Type-checked with the app (test/typecheck.test.ts): the handler's context is Astro's own
 * `APIContext`, with no cast, and a handler whose `identify` reads the context cannot be called without it.
 */
import { createNotifyHandler } from '@fyno-kit/core/server';
import type { APIContext, APIRoute } from 'astro';

const handler = createNotifyHandler({
  identify: (_request, context: APIContext) => context.locals.user?.id,
  events: { order_shipped: {} },
});

export const POST: APIRoute = (context) => handler(context.request, context);
// @ts-expect-error identify reads the context, so the handler requires it
export const withoutContext: APIRoute = (context) => handler(context.request);
// @ts-expect-error the context is the APIContext identify declared, not anything
export const wrongContext: APIRoute = (context) => handler(context.request, { locals: 1 });
