/** The suite's control routes: mount, unmount, sync. */
import type { RequestHandler } from './$types';
import { suite } from '#lib/server/suite.ts';

export const fallback: RequestHandler = (event) => suite.fetch(event.request, event);
