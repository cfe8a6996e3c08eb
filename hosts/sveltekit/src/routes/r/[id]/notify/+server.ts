/** A route the suite mounted (its recipe's policy), one line as a user mounts theirs: `handler(request, event)`. */
import type { RequestHandler } from './$types';
import { suite } from '#lib/server/suite.ts';

export const POST: RequestHandler = (event) => suite.handler(event.params.id)(event.request, event);
export const fallback: RequestHandler = (event) => suite.handler(event.params.id)(event.request, event);
