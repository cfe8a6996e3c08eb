/**
 * The app's auth, as Astro apps do it: middleware reads the session cookie and puts the user on
 * `context.locals`, where the routes' `identify` reads it. The suite's routes read `x-test-user`.
 */
import { defineMiddleware } from 'astro:middleware';
import { sessions } from './lib/sessions';

export const onRequest = defineMiddleware((context, next) => {
  const userId = sessions.get(context.cookies.get('session')?.value ?? '');
  if (userId) context.locals.user = { id: userId };
  context.locals.suiteUser = context.request.headers.get('x-test-user') ?? undefined;
  return next();
});
