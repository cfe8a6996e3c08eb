/**
 * `deliveryReports(options)`: core's delivery-report receiver as Express middleware. It reads the raw
 * body itself; after `express.json()` it uses the bytes `keepRawBody` saved, and without them it
 * answers 500 `raw_body_unavailable` (a parsed body cannot be verified) and writes the fix once per
 * process to `onError`, else `console.error`.
 */
import type { IncomingMessage } from 'node:http';
import { createDeliveryReportRoute, REPORT_ERROR_STATUS, type DeliveryReportOptions, type ReportHttpResponse } from '@fyno-kit/core/webhooks';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { announcesBody, DEFAULT_BODY_TIMEOUT_MS, nodeBodySource, nodeHeader, readNodeBody } from '@fyno-kit/core/server';

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
 * The answer to a report a parser read first: the receiver's JSON shape with a fixed code, never
 * Express's error page (whose development mode shows a stack), whoever sends the POST.
 */
const RAW_BODY_UNAVAILABLE: ReportHttpResponse = {
  status: REPORT_ERROR_STATUS.raw_body_unavailable,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify({ error: { code: 'raw_body_unavailable', message: 'The report could not be verified' } }),
};

/** Whether this process has written RAW_BODY_FIX: once is enough to find the wiring mistake. */
let rawBodyFixWritten = false;

function writeRawBodyFixOnce(onError: ((error: unknown) => void) | undefined): void {
  if (rawBodyFixWritten) return;
  rawBodyFixWritten = true;
  try {
    if (onError) onError(new TypeError(RAW_BODY_FIX));
    else console.error(`[fyno-kit] ${RAW_BODY_FIX}`);
  } catch {
    // A broken logger must not turn the answer into a crash.
  }
}

function write(res: Response, response: ReportHttpResponse, method: string, closeConnection: boolean): void {
  const headers: Record<string, string | number> = { ...response.headers, 'content-length': Buffer.byteLength(response.body) };
  // Unread body bytes would be parsed as the next request on a kept-alive socket.
  if (closeConnection) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(method === 'HEAD' ? undefined : response.body);
}

/**
 * Receives Fyno's signed delivery reports. Mount it with `app.use(path, …)` so it answers both the
 * `fyno_token` verification call (GET) and the reports (POST). Unsigned or tampered requests get 401
 * and never reach `onReport`; `onReport(report, req)` runs once per verified report, and what it
 * throws goes to `next(err)` (a 5xx, so Fyno may send the report again). Reports can repeat and Fyno
 * signs no timestamp: make `onReport` idempotent on `report.key`.
 *
 * @example
 * app.use('/fyno/reports', deliveryReports({
 *   secret: process.env.FYNO_WEBHOOK_SECRET!,
 *   onReport: async (r) => { await db.reports.insertIgnoringDuplicates({ key: r.key, status: r.status }); },
 * }));
 */
export function deliveryReports(options: DeliveryReportOptions<Request>): RequestHandler {
  const route = createDeliveryReportRoute<Request>(options);

  async function handle(req: Request, res: Response, next: NextFunction): Promise<void> {
    const header = nodeHeader(req);
    const url = req.originalUrl ?? req.url;
    const source = nodeBodySource(req);
    const early = route.precheck({ method: req.method, url, header });
    if (early) {
      write(res, early, req.method, source.kind === 'node' && announcesBody(req));
      return;
    }
    if (source.kind === 'parsed') {
      // A parser ran first and kept no raw bytes (`keepRawBody`): nothing here can be verified.
      writeRawBodyFixOnce(options.onError);
      write(res, RAW_BODY_UNAVAILABLE, req.method, false);
      return;
    }
    let body: Uint8Array | string | undefined;
    let complete = true;
    if (source.kind === 'node') {
      const read = await readNodeBody(req, route.maxBodyBytes, DEFAULT_BODY_TIMEOUT_MS);
      if (read.kind === 'gone') return;
      if (read.kind === 'timeout') {
        req.destroy();
        return;
      }
      body = read.bytes;
      complete = read.complete;
    } else if (source.kind === 'bytes') {
      body = source.bytes;
    }
    const response = await route.handle({ method: req.method, url, header, body, request: req });
    if (response.unexpectedError !== undefined) {
      next(response.unexpectedError);
      return;
    }
    write(res, response, req.method, !complete);
  }

  return function fynoDeliveryReports(req, res, next) {
    // Under `app.use(path, …)` every sub-path reaches us; only the mount path itself is the receiver.
    if (req.route === undefined && req.path !== '/') {
      next();
      return;
    }
    handle(req, res, next).catch(next);
  };
}
