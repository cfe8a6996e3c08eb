/** What the receiver verified, for the tests to read back. */
import type { RequestHandler } from './$types';
import { receivedReports } from '#lib/server/received-reports.ts';

export const GET: RequestHandler = () => Response.json(receivedReports.map(({ status, channel, custom_id }) => ({ status, channel, custom_id })));
