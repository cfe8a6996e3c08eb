/**
 * The preferences route's error codes, derived from the notify route's one table (error-codes.ts):
 * every code it shares keeps that code's HTTP status, so a client that handles the notify route's
 * errors handles these; the route's own messages fit a settings page, and two codes are its own.
 */
import { NOTIFY_ERROR_MESSAGES, NOTIFY_ERROR_STATUS, type NotifyErrorCode } from './error-codes';

/** A shared code with the notify route's status, and (unless given) its message. */
const shared = <C extends NotifyErrorCode>(code: C, message: string = NOTIFY_ERROR_MESSAGES[code]) => [NOTIFY_ERROR_STATUS[code], message] as const;

/** Every code of the preferences route, in the order of its checks, with its status and message. */
const TABLE = {
  method_not_allowed: shared('method_not_allowed', 'Use GET or POST.'),
  unsupported_media_type: shared('unsupported_media_type'),
  payload_too_large: shared('payload_too_large'),
  request_timeout: shared('request_timeout'),
  invalid_json: shared('invalid_json'),
  invalid_body: shared(
    'invalid_body',
    'The body must be {"changes": [{"topic": string, "channel": string, "on": boolean}]} with 1 to 50 changes and no other key.',
  ),
  unauthorized: shared('unauthorized', 'Sign in to see your notification settings.'),
  /** A topic (or channel, or global switch) the policy does not show: hidden, so not changeable. */
  topic_not_allowed: [403, 'This setting cannot be changed from here.'],
  rate_limited: shared('rate_limited', 'Too many changes. Try again later.'),
  rate_limiter_unavailable: shared('rate_limiter_unavailable', 'Settings are paused for a moment. Try again later.'),
  /** A `required` channel: the topic always sends on it, so it is not the user's to change. */
  channel_required: [409, 'This channel is required for this topic and cannot be changed.'],
  upstream_rejected: shared('upstream_rejected'),
  upstream_rate_limited: shared('upstream_rate_limited'),
  upstream_error: shared('upstream_error'),
  upstream_unavailable: shared('upstream_unavailable'),
  upstream_timeout: shared('upstream_timeout'),
  internal_error: shared('internal_error'),
} as const satisfies Record<string, readonly [number, string]>;

/** Stable error codes of the preferences route; documented in the core README. */
export type PreferencesErrorCode = keyof typeof TABLE;

/** Every code the preferences route can answer with, in the order of its checks. */
export const PREFERENCES_ERROR_CODES = Object.freeze(Object.keys(TABLE)) as readonly PreferencesErrorCode[];

/** HTTP status of each code. */
export const PREFERENCES_ERROR_STATUS = Object.freeze(
  Object.fromEntries(PREFERENCES_ERROR_CODES.map((code) => [code, TABLE[code][0]])) as Record<PreferencesErrorCode, number>,
);

/** Default message of each code. */
export const PREFERENCES_ERROR_MESSAGES = Object.freeze(
  Object.fromEntries(PREFERENCES_ERROR_CODES.map((code) => [code, TABLE[code][1]])) as Record<PreferencesErrorCode, string>,
);
