import { createDeliveryReportHandler } from '@fyno-kit/core/webhooks';

// While rotating, FYNO_WEBHOOK_SECRETS holds the new and the old secret ("new,old"); drop the old
// one once Fyno signs with the new, and it stops verifying on the next report.
export const handler = createDeliveryReportHandler({
  secret: () => (process.env.FYNO_WEBHOOK_SECRETS ?? '').split(',').filter(Boolean),
  onReport: async (report) => {
    console.log(report.key, report.status);
  },
});
