/** Fyno's delivery reports, verified with the workspace's webhook secret; GET answers Fyno's URL check. */
import { createDeliveryReportHandler } from '@fyno-kit/core/webhooks';
import type { RequestHandler } from './$types';
import { receivedReports } from '#lib/server/received-reports.ts';

const reports = createDeliveryReportHandler({
  // Read for each report, so the build (which loads this module) needs no secret.
  secret: () => process.env.FYNO_WEBHOOK_SECRET ?? '',
  onReport: (report) => void receivedReports.push(report),
});

export const fallback: RequestHandler = ({ request }) => reports(request);
