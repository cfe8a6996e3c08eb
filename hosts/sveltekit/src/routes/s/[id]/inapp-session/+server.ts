/** An in-app session route the suite mounted (its recipe's options): `handler(request, event)`. */
import type { RequestHandler } from './$types';
import { suite } from '#lib/server/suite.ts';

export const fallback: RequestHandler = (event) => suite.handler(event.params.id)(event.request, event);
