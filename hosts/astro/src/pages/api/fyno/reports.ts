/** Fyno's delivery reports, verified with the workspace's webhook secret; GET answers Fyno's URL check. */
import { createDeliveryReportHandler } from '@fyno-kit/core/webhooks';
import type { APIRoute } from 'astro';
import { receivedReports } from '../../../lib/received-reports';

const reports = createDeliveryReportHandler({
  // Read for each report, so nothing is needed at build time.
  secret: () => process.env.FYNO_WEBHOOK_SECRET ?? '',
  onReport: (report) => void receivedReports.push(report),
});

export const ALL: APIRoute = ({ request }) => reports(request);
