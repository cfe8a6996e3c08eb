/** Builds the route's responses; every one is uncacheable JSON, whatever the outcome. */
import { NOTIFY_ERROR_MESSAGES, NOTIFY_ERROR_STATUS } from './error-codes';
import type { NotifyErrorCode, NotifyHttpResponse, NotifySuccessBody } from './http-types';

/** The headers of every route's JSON answer. */
export function baseHeaders(): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    // A notification result is per user and per moment: no proxy or browser may reuse it.
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}

/** An error response with the code's status and (unless given) its fixed message. */
export function errorResponse(
  code: NotifyErrorCode,
  options: { message?: string; headers?: Record<string, string>; error?: unknown } = {},
): NotifyHttpResponse {
  const response: NotifyHttpResponse = {
    status: NOTIFY_ERROR_STATUS[code],
    headers: { ...baseHeaders(), ...options.headers },
    body: { error: { code, message: options.message ?? NOTIFY_ERROR_MESSAGES[code] } },
  };
  if (options.error !== undefined) response.unexpectedError = options.error;
  return response;
}

/** The 202 answer. */
export function successResponse(body: NotifySuccessBody): NotifyHttpResponse {
  return { status: 202, headers: baseHeaders(), body };
}
