/**
 * The delivery-report receiver in web-standard form, `(request: Request) => Promise<Response>`: a
 * Next.js route handler, Hono, Bun, Deno or a Worker's fetch.
 */
import { type WebHandler, webHandler } from '../server/web-exchange';
import { createDeliveryReportRoute, type DeliveryReportOptions } from './route';

/**
 * Creates a web-standard delivery-report receiver. It answers Fyno's `fyno_token` verification call
 * by echoing the token, refuses anything whose `X-Fyno-Hmac-Signature` does not verify (401, and
 * `onReport` is not called), and calls `onReport(report, request)` once per verified report.
 * Export it for both methods, since the verification call may be a GET. On a host that gives Node's
 * request and response (H3 1's `event.node`), `handler.node(req, res)` reads the body from Node's stream.
 *
 * @example
 * // app/api/fyno/reports/route.ts (Next.js App Router)
 * import { createDeliveryReportHandler } from '@fyno-kit/core/webhooks';
 * const handler = createDeliveryReportHandler({
 *   secret: process.env.FYNO_WEBHOOK_SECRET!,
 *   onReport: async (report) => { await db.reports.insertOnce(report.key, report); },
 * });
 * export { handler as GET, handler as POST };
 */
export function createDeliveryReportHandler(options: DeliveryReportOptions<Request>): WebHandler {
  return webHandler(createDeliveryReportRoute<Request>(options));
}
