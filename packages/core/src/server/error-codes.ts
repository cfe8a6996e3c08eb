/**
 * The route's stable error codes, in one table: the `NotifyErrorCode` type, the exported list and
 * the status/message maps all derive from it. Messages are ours, never Fyno's text, so an error body
 * can never carry a destination or a secret. The caller's input is echoed in one case only:
 * `event_not_allowed` names the event the caller sent (see `eventNotAllowedMessage`), because a
 * misspelt name is the common cause and the caller already knows what it sent. It is escaped and
 * capped, and the allow-list is never listed (it would tell a stranger which events exist).
 */

/** Every code, in the order of the route's checks, with its HTTP status and default message. */
const TABLE = {
  method_not_allowed: [405, 'Use POST.'],
  unsupported_media_type: [415, 'Send the body as application/json.'],
  payload_too_large: [413, 'The request body is too large.'],
  request_timeout: [408, 'The request body took too long to arrive.'],
  invalid_json: [400, 'The request body is not valid UTF-8 JSON.'],
  invalid_body: [400, 'The body must be a JSON object with "event" (a string) and optional "data" (an object).'],
  forbidden_field: [400, 'The recipient is chosen by the server: do not send "to" or "distinct_id".'],
  unauthorized: [401, 'Sign in to send notifications.'],
  event_not_allowed: [403, 'This event cannot be sent from here.'],
  rate_limited: [429, 'Too many notifications. Try again later.'],
  rate_limiter_unavailable: [503, 'Notifications are paused for a moment. Try again later.'],
  invalid_data: [400, 'The data for this event is not valid.'],
  upstream_rejected: [502, 'The notification service rejected the request.'],
  upstream_rate_limited: [429, 'The notification service is busy. Try again later.'],
  upstream_error: [502, 'The notification service failed.'],
  upstream_unavailable: [503, 'The notification service could not be reached.'],
  upstream_timeout: [504, 'The notification service did not answer in time.'],
  internal_error: [500, 'Something went wrong.'],
} as const satisfies Record<string, readonly [number, string]>;

/** Stable error codes of the notify route; documented in the core README. */
export type NotifyErrorCode = keyof typeof TABLE;

/** Every code the notify route can answer with, in the order of its checks. */
export const NOTIFY_ERROR_CODES = Object.freeze(Object.keys(TABLE)) as readonly NotifyErrorCode[];

function mapTable<V>(pick: (entry: (typeof TABLE)[NotifyErrorCode]) => V): Readonly<Record<NotifyErrorCode, V>> {
  const out = {} as Record<NotifyErrorCode, V>;
  for (const code of NOTIFY_ERROR_CODES) out[code] = pick(TABLE[code]);
  return Object.freeze(out);
}

/** HTTP status of each code. */
export const NOTIFY_ERROR_STATUS = mapTable((entry) => entry[0]);

/** Default message of each code (`invalid_data` usually carries the validator's first issue instead). */
export const NOTIFY_ERROR_MESSAGES = mapTable((entry) => entry[1]);

/** Longest echo of the caller's event name in `event_not_allowed`. */
export const MAX_ECHOED_EVENT_CHARS = 64;

/**
 * `event_not_allowed`'s message, naming the event sent: capped, quoted and escaped as a JSON string
 * literal, with `<`, `>` and `&` escaped too, so a page that puts it in HTML shows it as text.
 */
export function eventNotAllowedMessage(event: string): string {
  const capped = event.length > MAX_ECHOED_EVENT_CHARS ? `${event.slice(0, MAX_ECHOED_EVENT_CHARS)}…` : event;
  const quoted = JSON.stringify(capped).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `The event ${quoted} cannot be sent from here.`;
}
