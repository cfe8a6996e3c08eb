import express from 'express';
import { deliveryReports, fyno, keepRawBody } from '@fyno-kit/express';

const app = express();
app.use(fyno());
app.use(
  '/fyno/reports',
  deliveryReports({
    secret: process.env.FYNO_WEBHOOK_SECRET!, // the workspace secret key from Fyno's dashboard
    onReport: async (report) => {
      // Reports repeat and can be replayed: act once per report.key (a unique index in your database).
      console.log(report.custom_id, report.channel, report.status); // "order-A-1001" "email" "DELIVERED"
    },
  }),
);
app.use(express.json({ verify: keepRawBody })); // a JSON parser elsewhere must keep the signed bytes
app.listen(3000, () => console.log('reports on http://127.0.0.1:3000/fyno/reports'));
