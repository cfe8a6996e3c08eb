import express from 'express';
import { deliveryReports, keepRawBody } from '@fyno-kit/express';

const app = express();
const seen = new Set<string>(); // in production: a unique index on report.key in your database

// Mount it with app.use(path, …): GET answers Fyno's `fyno_token` verification, POST takes reports.
app.use(
  '/fyno/reports',
  deliveryReports({
    secret: process.env.FYNO_WEBHOOK_SECRET!, // the workspace secret key from Fyno's dashboard
    onReport: async (report) => {
      if (seen.has(report.key)) return; // reports repeat and can be replayed: act once per key
      seen.add(report.key);
      console.log(report.custom_id, report.channel, report.status); // "order-A1" "email" "DELIVERED"
    },
  }),
);

// Anywhere in the app, before or after the receiver: `keepRawBody` keeps the signed bytes.
app.use(express.json({ verify: keepRawBody }));
app.listen(3000);
