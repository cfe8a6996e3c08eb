/**
 * The delivery-report receiver, written once for every host: the `fyno_token` handshake, method and
 * size checks, the signature, parsing, then `onReport`. It runs on the same exchange as the notify
 * route, so a host (the web handler, Express, Nest, Fastify) only translates its request and response.
 */
import { parseDeliveryReport, DeliveryReportParseError, type DeliveryReport } from './report';
import { FynoSignatureError } from './signature-error';
import { assertSecret, currentSecrets, importSecrets, PARSED_BODY_MESSAGE, SIGNATURE_HEADER, verifyWithKeys, type WebhookSecretSource } from './verify';
import { bytesOf } from './encoding';
import type { Exchange, ExchangeAnswer, ExchangeRoute } from '../server/exchange';
import { reportError } from '../server/log-line';
import { serveExchange, type RouteStages } from '../server/serve-exchange';
import { DEFAULT_BODY_TIMEOUT_MS } from '../server/limits';

/** Largest report body read by default: reports are small, so 1 MiB is generous. */
export const DEFAULT_REPORT_MAX_BODY_BYTES = 1024 * 1024;
/** Longest `fyno_token` echoed back. */
const MAX_TOKEN_LENGTH = 512;

/** Options of every delivery-report receiver. */
export interface DeliveryReportOptions<TRequest = unknown> {
  /**
   * The workspace secret key from Fyno's dashboard (several while rotating), or a function returning
   * the secrets valid now, called for each report: to rotate without a restart, return the new and
   * the old secret, then only the new one. A list is read on each report too, so removing a secret
   * from it takes effect at once. Required.
   */
  secret: WebhookSecretSource;
  /**
   * Called once per verified report, with the host's request. Reports can arrive more than once
   * and Fyno signs no timestamp, so make it idempotent on `report.key`. A throw answers 500.
   */
  onReport: (report: DeliveryReport, request: TRequest) => void | Promise<void>;
  /** Largest body read; more answers 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Longest wait for the body once the headers are in; past it → 408 and the connection is closed. Default 10 000 ms. */
  bodyTimeoutMs?: number;
  /**
   * Gets the unexpected errors behind a 500 (what `onReport` threw), for your logger; the answer is
   * the receiver's own JSON on every host. Default: one `console.error` line.
   */
  onError?: (error: unknown, info: { code: ReportErrorCode }) => void;
  /**
   * Called for each report refused with 401 `invalid_signature` (a wrong or missing secret, or a
   * forged report). Default: one `console.warn` line at most every 10 s, so a wrong
   * `FYNO_WEBHOOK_SECRET` shows in the app's log instead of only in Fyno's. Never given the secret.
   */
  onRefused?: (refusal: { code: 'invalid_signature'; message: string }) => void;
}

/** How often the default `onRefused` may write. */
const REFUSAL_LOG_INTERVAL_MS = 10_000;

/** The default `onRefused`: a warning that names the likely cause, throttled against floods. */
function refusalWarner(): (refusal: { code: 'invalid_signature'; message: string }) => void {
  let lastMs = -Infinity;
  let quiet = 0;
  return (refusal) => {
    const now = Date.now();
    if (now - lastMs < REFUSAL_LOG_INTERVAL_MS) {
      quiet++;
      return;
    }
    lastMs = now;
    const more = quiet > 0 ? ` (${quiet} more since the last warning)` : '';
    quiet = 0;
    console.warn(
      `[fyno-kit] delivery report refused with 401 invalid_signature: ${refusal.message}${more}. ` +
        `Is the receiver's secret (e.g. FYNO_WEBHOOK_SECRET) the workspace secret reports are signed with?`,
    );
  };
}

/** The receiver's answer: JSON, or the `fyno_token` echoed as plain text. */
export type ReportHttpResponse = ExchangeAnswer<ReportBody | string>;

/** The receiver's JSON bodies. */
export type ReportBody = { received: true; key: string } | { error: { code: ReportErrorCode; message: string } };

/** Error codes of the receiver, each with its HTTP status. */
export const REPORT_ERROR_STATUS = {
  invalid_token: 400,
  method_not_allowed: 405,
  payload_too_large: 413,
  invalid_signature: 401,
  invalid_report: 400,
  request_timeout: 408,
  report_handler_failed: 500,
  /** A body parser of the app read the report first and kept no raw bytes (an adapter's wiring). */
  raw_body_unavailable: 500,
} as const;

/** One of the receiver's error codes. */
export type ReportErrorCode = keyof typeof REPORT_ERROR_STATUS;

/** The receiver, ready for any host to serve. */
export type DeliveryReportRoute<TRequest = unknown> = ExchangeRoute<TRequest, ReportHttpResponse>;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

function errorResponse(code: ReportErrorCode, message: string, extra?: Record<string, string>): ReportHttpResponse {
  return {
    status: REPORT_ERROR_STATUS[code],
    headers: { ...JSON_HEADERS, ...extra },
    body: { error: { code, message } },
  };
}

const tooLarge = (): ReportHttpResponse => errorResponse('payload_too_large', 'The report body is too large');

function tokenOf(url: string): string | undefined {
  const q = url.indexOf('?');
  if (q === -1) return undefined;
  const hash = url.indexOf('#', q);
  try {
    return new URLSearchParams(url.slice(q + 1, hash === -1 ? undefined : hash)).get('fyno_token') ?? undefined;
  } catch {
    return undefined;
  }
}

function handshake(token: string): ReportHttpResponse {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH || /[\u0000-\u001f\u007f]/.test(token)) {
    return errorResponse('invalid_token', `fyno_token must be 1-${MAX_TOKEN_LENGTH} printable characters`);
  }
  // Plain text, never sniffed as HTML: the echo is attacker-chosen text.
  return {
    status: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    body: token,
  };
}

/**
 * Creates the receiver's request flow. Throws `TypeError` at once when `secret` is missing or empty
 * (e.g. an unset environment variable), so a misconfigured app fails at start-up, not per report.
 */
/** Whether this process has written a parsed-body fix: once is enough to find the wiring mistake. */
let parsedBodyFixWritten = false;

/**
 * Creates the receiver's flow. `adapter.parsedBodyFix`: the fix an adapter's users need when a body
 * parser of theirs read a report and kept no raw bytes (Express names `keepRawBody`); written once
 * per process to `onError`, else `console.error`.
 */
export function createDeliveryReportRoute<TRequest = unknown>(
  options: DeliveryReportOptions<TRequest>,
  adapter: { parsedBodyFix?: string } = {},
): DeliveryReportRoute<TRequest> {
  if (typeof options?.onReport !== 'function') throw new TypeError('deliveryReports: onReport must be a function');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_REPORT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new TypeError('deliveryReports: maxBodyBytes must be a positive integer');
  if (typeof options.secret !== 'function') assertSecret(options.secret);
  const onRefused = options.onRefused ?? refusalWarner();
  // Read on each report: a secret taken out of the list (or no longer returned) stops verifying.
  const keysNow = async () => importSecrets(await currentSecrets(options.secret));

  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;

  const unexpected = (error: unknown, message = 'The report could not be handled; send it again later'): ReportHttpResponse => {
    reportError(options.onError, error, { code: 'report_handler_failed' as const }, 'delivery reports');
    // 5xx so Fyno sends the report again once the app can take it.
    return { ...errorResponse('report_handler_failed', message), unexpectedError: error };
  };

  const stages: RouteStages<TRequest, ReportHttpResponse> = {
    limits: { maxBodyBytes, bodyTimeoutMs },
    precheck({ method, url, header }: Exchange<TRequest, ReportHttpResponse>) {
      const token = tokenOf(url ?? '');
      if (token !== undefined && (method === 'GET' || method === 'HEAD' || method === 'POST')) return handshake(token);
      if (method !== 'POST') {
        return errorResponse('method_not_allowed', 'Delivery reports are POSTed; GET answers only the fyno_token verification', {
          allow: 'POST',
        });
      }
      const length = Number(header('content-length'));
      if (Number.isFinite(length) && length > maxBodyBytes) return tooLarge();
      return undefined;
    },
    async respond(exchange, body) {
      if (body.kind === 'parsed') {
        // A parsed body cannot be verified: re-serialising it does not give the bytes Fyno signed. Anyone
        // can send a JSON POST, so the answer is fixed and the fix is written once per process, not per request.
        if (!parsedBodyFixWritten) {
          parsedBodyFixWritten = true;
          reportError(
            options.onError,
            new TypeError(adapter.parsedBodyFix ?? PARSED_BODY_MESSAGE),
            { code: 'raw_body_unavailable' as const },
            'delivery reports',
          );
        }
        return errorResponse('raw_body_unavailable', 'The report could not be verified');
      }
      const bytes = body.bytes === undefined ? new Uint8Array(0) : bytesOf(body.bytes)!;
      if (bytes.byteLength > maxBodyBytes) return tooLarge();
      try {
        await verifyWithKeys(bytes, exchange.header(SIGNATURE_HEADER), await keysNow());
      } catch (error) {
        if (error instanceof FynoSignatureError) {
          onRefused({ code: 'invalid_signature', message: error.message });
          return errorResponse('invalid_signature', error.message);
        }
        return unexpected(error, 'The report could not be verified');
      }
      let report: DeliveryReport;
      try {
        report = parseDeliveryReport(bytes, exchange.header('content-type'));
      } catch (error) {
        if (error instanceof DeliveryReportParseError) return errorResponse('invalid_report', error.message);
        throw error;
      }
      try {
        await options.onReport(report, exchange.request);
      } catch (error) {
        return unexpected(error);
      }
      return { status: 200, headers: { ...JSON_HEADERS }, body: { received: true, key: report.key } };
    },
    refuse(code) {
      if (code === 'payload_too_large') return tooLarge();
      if (code === 'request_timeout') return errorResponse('request_timeout', 'The report body took too long to arrive');
      return errorResponse('invalid_report', 'The report body could not be read');
    },
    unexpected: (error) => unexpected(error),
    lost: (error) => reportError(options.onError, error, { code: 'report_handler_failed' as const }, 'delivery reports'),
  };

  return { maxBodyBytes, bodyTimeoutMs, serve: (exchange) => serveExchange(exchange, stages) };
}
