/**
 * `deliveryReportsHandler(options)`: core's delivery-report receiver as a Lambda handler behind a
 * Function URL or an HTTP API route for GET and POST (Fyno verifies the URL with a GET first).
 */
import { createDeliveryReportHandler, type DeliveryReportOptions } from '@fyno-kit/core/webhooks';
import type { LambdaHttpEvent, LambdaHttpResult } from './event';
import { eventToRequest, responseToResult } from './to-request';

/**
 * Receives Fyno's signed delivery reports: the signature is checked on the body's exact bytes (a
 * base64 body is decoded first); unsigned or forged reports get 401 and never reach `onReport`.
 * Make `onReport` idempotent on `report.key`: Fyno may send a report again.
 *
 * @example
 * export const handler = deliveryReportsHandler({
 *   secret: process.env.FYNO_WEBHOOK_SECRET!,
 *   onReport: async (report) => { await table.putIfAbsent(report.key, report); },
 * });
 */
export function deliveryReportsHandler(options: DeliveryReportOptions<Request>): (event: LambdaHttpEvent, context?: unknown) => Promise<LambdaHttpResult> {
  const handle = createDeliveryReportHandler(options);
  return async (event) => responseToResult(await handle(eventToRequest(event)));
}
