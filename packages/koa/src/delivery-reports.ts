/**
 * `deliveryReports(options)`: core's delivery-report receiver as Koa middleware, on the same exchange
 * as the notify route. It reads the raw body itself; after a body parser it verifies the exact bytes
 * the parser kept (`ctx.request.rawBody`, as `@koa/bodyparser` keeps them).
 */
import { createDeliveryReportRoute } from '@fyno-kit/core/adapter';
import type { DeliveryReportOptions } from '@fyno-kit/core/webhooks';
import type { Context, Middleware } from 'koa';
import { koaExchange } from './exchange';

/** The fix the receiver writes (once per process) when a body parser ran first and kept no raw bytes. */
const RAW_BODY_FIX =
  'deliveryReports(): a body parser read this request before the receiver and kept no raw bytes, so its signature cannot be ' +
  'verified. Fix: mount deliveryReports() before the body parser, or use one that keeps ctx.request.rawBody (@koa/bodyparser does).';

/**
 * Receives Fyno's signed delivery reports, as middleware for its path (`router.all(path, …)` with
 * `@koa/router`, or behind a path check): it answers the `fyno_token` verification call (GET) and the
 * reports (POST), and 405 to other methods. Unsigned or tampered requests get 401 and never reach
 * `onReport`; `onReport(report, ctx)` runs once per verified report. What it throws answers 500 (so
 * Fyno sends the report again) and goes to `onError` (default: one `console.error` line), never to
 * `app.on('error')`. Reports can repeat and Fyno signs no timestamp: make `onReport` idempotent on `report.key`.
 *
 * @example
 * const reports = deliveryReports({ secret: process.env.FYNO_WEBHOOK_SECRET!, onReport: (r) => db.reports.putIfAbsent(r.key, r) });
 * app.use((ctx, next) => (ctx.path === '/fyno/reports' ? reports(ctx, next) : next()));
 */
export function deliveryReports(options: DeliveryReportOptions<Context>): Middleware {
  const route = createDeliveryReportRoute<Context>(options, { parsedBodyFix: RAW_BODY_FIX });
  return async function fynoDeliveryReports(ctx) {
    await route.serve(koaExchange(ctx));
  };
}
