/** A preferences route the suite mounted (its recipe's policy): `handler(request, event)`. */
import type { RequestHandler } from './$types';
import { suite } from '#lib/server/suite.ts';

export const fallback: RequestHandler = (event) => suite.handler(event.params.id)(event.request, event);
