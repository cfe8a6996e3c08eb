/**
 * `deliveryReports(options)`: core's delivery-report receiver as Express middleware, on the same
 * exchange as the notify route. It reads the raw body itself; after `express.json()` it uses the bytes
 * `keepRawBody` saved, and without them it answers 500 `raw_body_unavailable` (a parsed body cannot
 * be verified) and writes the fix once per process to `onError`, else `console.error`.
 */
import type { IncomingMessage } from 'node:http';
import { createDeliveryReportRoute, nodeBodySource } from '@fyno-kit/core/adapter';
import type { DeliveryReportOptions } from '@fyno-kit/core/webhooks';
import type { Request, RequestHandler } from 'express';
import { expressExchange, isElsewhere } from './exchange';

type WithRawBody = IncomingMessage & { rawBody?: unknown };

/** The fix a receiver writes (once per process) when a body parser ran first and kept no raw bytes. */
export const RAW_BODY_FIX =
  'deliveryReports(): a body parser (e.g. express.json()) read this request before the receiver and kept no raw bytes, ' +
  'so its signature cannot be verified. Fix: mount deliveryReports() before express.json(), or keep the bytes with ' +
  "express.json({ verify: keepRawBody }) (import { keepRawBody } from '@fyno-kit/express').";

/**
 * A body-parser `verify` hook that keeps the exact bytes on `req.rawBody`, so `deliveryReports()` can
 * verify a request that `express.json()` or `express.urlencoded()` already parsed.
 *
 * @example
 * app.use(express.json({ verify: keepRawBody }));
 */
export function keepRawBody(req: IncomingMessage, _res: unknown, buf: Buffer): void {
  (req as WithRawBody).rawBody = buf;
}

/**
 * Receives Fyno's signed delivery reports. Mount it with `app.use(path, …)` so it answers both the
 * `fyno_token` verification call (GET) and the reports (POST). Unsigned or tampered requests get 401
 * and never reach `onReport`; `onReport(report, req)` runs once per verified report. What it throws
 * answers the receiver's JSON 500 (so Fyno sends the report again) and goes to `onError` (default: one
 * `console.error` line), never to `next(err)`. Reports can repeat and Fyno signs no timestamp: make
 * `onReport` idempotent on `report.key`.
 *
 * @example
 * app.use('/fyno/reports', deliveryReports({
 *   secret: process.env.FYNO_WEBHOOK_SECRET!,
 *   onReport: async (r) => { await db.reports.insertIgnoringDuplicates({ key: r.key, status: r.status }); },
 * }));
 */
export function deliveryReports(options: DeliveryReportOptions<Request>): RequestHandler {
  // A body parsed without its raw bytes: the route answers its fixed 500 and writes this fix once.
  const route = createDeliveryReportRoute<Request>(options, { parsedBodyFix: RAW_BODY_FIX });
  return function fynoDeliveryReports(req, res, next) {
    if (isElsewhere(req)) return next();
    void route.serve(expressExchange(req, res, () => nodeBodySource(req)));
  };
}
