import Fastify from 'fastify';
const app = Fastify();
declare const db: { reports: { insertIgnoringDuplicates(row: { key: string; status: string | undefined }): Promise<void> } };
import { deliveryReports } from '@fyno-kit/fastify';

await app.register(
  deliveryReports({
    secret: process.env.FYNO_WEBHOOK_SECRET!,
    // Reports can repeat and Fyno signs no timestamp: store each `key` once.
    onReport: async (report) => db.reports.insertIgnoringDuplicates({ key: report.key, status: report.status }),
  }),
  { prefix: '/fyno/reports' },
);
