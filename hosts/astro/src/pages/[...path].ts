/**
 * The suite's control routes (/__suite/mount, unmount, sync) and what the receiver verified
 * (/__app/reports). A rest route: Astro leaves files and folders starting with `_` out of routing.
 */
import type { APIRoute } from 'astro';
import { receivedReports } from '../lib/received-reports';
import { suite } from '../lib/suite';

export const ALL: APIRoute = (context) => {
  const path = context.params.path ?? '';
  if (path.startsWith('__suite/')) return suite.fetch(context.request, context);
  if (path === '__app/reports') return Response.json(receivedReports.map(({ status, channel, custom_id }) => ({ status, channel, custom_id })));
  return new Response('not found', { status: 404 });
};
