/** The signed-in user's own notification preferences (GET, and POST changes); identify reads `locals`. */
import { createPreferencesHandler } from '@fyno-kit/core/server';
import type { RequestEvent, RequestHandler } from './$types';

const preferences = createPreferencesHandler({
  identify: (_request, event: RequestEvent) => event.locals.user?.id,
  topics: { SORDERS001: true },
});

export const fallback: RequestHandler = (event) => preferences(event.request, event);
