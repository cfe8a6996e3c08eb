/**
 * The route's stable error codes with their HTTP status and fixed message. Messages are ours, never
 * Fyno's text or the caller's input, so an error body can never carry a destination or a secret.
 */
import type { NotifyErrorCode } from './types';

/** Every code the notify route can answer with, in the order of its checks. */
export const NOTIFY_ERROR_CODES: readonly NotifyErrorCode[] = [
  'method_not_allowed',
  'unsupported_media_type',
  'payload_too_large',
  'invalid_json',
  'invalid_body',
  'forbidden_field',
  'unauthorized',
  'event_not_allowed',
  'rate_limited',
  'invalid_data',
  'upstream_rejected',
  'upstream_rate_limited',
  'upstream_error',
  'upstream_unavailable',
  'upstream_timeout',
  'internal_error',
] as const;

/** HTTP status of each code. */
export const NOTIFY_ERROR_STATUS: Readonly<Record<NotifyErrorCode, number>> = {
  method_not_allowed: 405,
  unsupported_media_type: 415,
  payload_too_large: 413,
  invalid_json: 400,
  invalid_body: 400,
  forbidden_field: 400,
  unauthorized: 401,
  event_not_allowed: 403,
  rate_limited: 429,
  invalid_data: 400,
  upstream_rejected: 502,
  upstream_rate_limited: 429,
  upstream_error: 502,
  upstream_unavailable: 503,
  upstream_timeout: 504,
  internal_error: 500,
};

/** Default message of each code (`invalid_data` usually carries the validator's first issue instead). */
export const NOTIFY_ERROR_MESSAGES: Readonly<Record<NotifyErrorCode, string>> = {
  method_not_allowed: 'Use POST.',
  unsupported_media_type: 'Send the body as application/json.',
  payload_too_large: 'The request body is too large.',
  invalid_json: 'The request body is not valid UTF-8 JSON.',
  invalid_body: 'The body must be a JSON object with "event" (a string) and optional "data" (an object).',
  forbidden_field: 'The recipient is chosen by the server: do not send "to" or "distinct_id".',
  unauthorized: 'Sign in to send notifications.',
  event_not_allowed: 'This event cannot be sent from here.',
  rate_limited: 'Too many notifications. Try again later.',
  invalid_data: 'The data for this event is not valid.',
  upstream_rejected: 'The notification service rejected the request.',
  upstream_rate_limited: 'The notification service is busy. Try again later.',
  upstream_error: 'The notification service failed.',
  upstream_unavailable: 'The notification service could not be reached.',
  upstream_timeout: 'The notification service did not answer in time.',
  internal_error: 'Something went wrong.',
};
