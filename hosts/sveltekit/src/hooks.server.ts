/**
 * The app's auth, as SvelteKit apps do it: `handle` reads the session cookie and puts the user on
 * `event.locals`, where the routes' `identify` reads it. The suite's routes read `x-test-user`.
 */
import type { Handle } from '@sveltejs/kit/hooks';
import { sessions } from '#lib/server/sessions.ts';

export const handle: Handle = async ({ event, resolve }) => {
  const userId = sessions.get(event.cookies.get('session') ?? '');
  if (userId) event.locals.user = { id: userId };
  event.locals.suiteUser = event.request.headers.get('x-test-user') ?? undefined;
  return resolve(event);
};
