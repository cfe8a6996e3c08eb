/** The signed-in user's own notification preferences (GET, and POST changes); identify reads `locals`. */
import { createPreferencesHandler } from '@fyno-kit/core/server';
import type { APIContext, APIRoute } from 'astro';

const preferences = createPreferencesHandler({
  identify: (_request, context: APIContext) => context.locals.user?.id,
  topics: { SORDERS001: true },
});

export const ALL: APIRoute = (context) => preferences(context.request, context);
