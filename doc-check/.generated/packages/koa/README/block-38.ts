import Koa from 'koa';
import { deliveryReports, type DeliveryReport } from '@fyno-kit/koa';

const app = new Koa();
const seen = new Map<string, DeliveryReport>();
const reports = deliveryReports({
  secret: process.env.FYNO_WEBHOOK_SECRET!,
  // Fyno may send a report again and signs no timestamp: keep it idempotent on report.key.
  onReport: (report) => void seen.set(report.key, report),
});
app.use((ctx, next) => (ctx.path === '/fyno/reports' ? reports(ctx, next) : next()));
