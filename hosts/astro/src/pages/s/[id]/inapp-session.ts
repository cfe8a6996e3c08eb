/** An in-app session route the suite mounted (its recipe's options): `handler(request, context)`. */
import type { APIRoute } from 'astro';
import { suite } from '../../../lib/suite';

export const ALL: APIRoute = (context) => suite.handler(context.params.id)(context.request, context);
