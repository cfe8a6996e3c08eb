// app/api/fyno/reports/route.ts (Next.js App Router; Hono, Bun and Workers take the same handler)
import { createDeliveryReportHandler } from '@fyno-kit/core/webhooks';

const seen = new Set<string>(); // in production: a unique index on report.key in your database

const handler = createDeliveryReportHandler({
  secret: process.env.FYNO_WEBHOOK_SECRET!,
  onReport: async (report) => {
    if (seen.has(report.key)) return; // reports repeat, and nothing stops a replay: act once per key
    seen.add(report.key);
    console.log(report.custom_id, report.channel, report.status); // e.g. "order-A1" "email" "DELIVERED"
  },
});

// GET answers Fyno's endpoint verification (`?fyno_token=…` is echoed back); POST takes reports.
export { handler as GET, handler as POST };
