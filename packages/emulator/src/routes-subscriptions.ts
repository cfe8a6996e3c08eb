/**
 * S1–S3 (CONTRACT.md §4.3): the workspace's topics with a user's choices, read and changed
 * through the emulator's `PreferenceStore` (the in-app socket uses the same store).
 */
import { PreferenceInputError, type UserPreferenceInput } from './preferences-store.js';
import { errorReply, isPlainObject, jsonReply, type Reply } from './respond.js';
import { withBody, type EmulatorState, type RouteContext } from './state.js';
import { PREFERENCE_CHANNELS } from './subscription-topics.js';
import type { Version } from './types.js';

/** Fyno's profile-API wording for a distinct_id it does not know (§4 U10). */
export const UNKNOWN_USER_MESSAGE = 'incorrect/non existing distinct_id provided';
const STATUSES = new Set(['opted-in', 'opted-out']);

/** S1: every topic, by section, with the choices of `?distinct_id=`. */
export function getPreferences(call: RouteContext): Reply {
  const query = new URLSearchParams(call.query);
  const id = query.get('distinct_id');
  if (!id) return errorReply(400, 'distinct_id is required to list preference!');
  const unknown = unknownUser(call, id);
  if (unknown) return unknown;
  const eventList = query.get('event_list') === 'true';
  return jsonReply(200, call.state.preferences.view(call.version, id, { eventList }));
}

/** The S1 body for one user: what `GET …/subscriptions/preference` and `get:preference` send. */
export function preferenceView(state: EmulatorState, version: Version, distinctId: string): unknown {
  return state.preferences.view(version, distinctId);
}

/**
 * Apply a `user_preference` map (S2's body, `set:preference`'s payload) for one user, through the
 * same store S2 uses. The socket has no error answer, so unknown topics, channels and values
 * (such as `required`) are dropped instead of refusing the whole map.
 */
export function applyPreferences(state: EmulatorState, version: Version, distinctId: string, wanted: Record<string, unknown>): void {
  const clean: UserPreferenceInput = {};
  for (const [sub, channels] of Object.entries(wanted)) {
    if (!isPlainObject(channels) || (sub !== 'all' && !state.preferences.topics.get(sub))) continue;
    for (const [channel, status] of Object.entries(channels)) {
      if ((PREFERENCE_CHANNELS as readonly string[]).includes(channel) && typeof status === 'string' && STATUSES.has(status)) {
        (clean[sub] ??= {})[channel] = status;
      }
    }
  }
  state.preferences.update(version, distinctId, clean);
}

/** S2: apply `user_preference` for `?distinct_id=`; answers each named topic's channel map. */
export const putPreferences = withBody((call, body) => {
  const id = new URLSearchParams(call.query).get('distinct_id');
  if (!id) return errorReply(400, 'distinct_id is required!');
  const wanted = isPlainObject(body) ? body.user_preference : undefined;
  if (wanted === undefined || wanted === null) return errorReply(400, 'user_preference is required!');
  if (!isPlainObject(wanted)) return errorReply(400, "'user_preference' must map subscription ids to {channel: status}");
  const unknown = unknownUser(call, id);
  if (unknown) return unknown;
  return apply(call, id, wanted as UserPreferenceInput);
});

/** S3: one channel of one topic (or `all`) for `distinct_id`; answers that topic's channel map. */
export const setSubscriptionUser = withBody((call, body) => {
  if (!isPlainObject(body) || typeof body.distinct_id !== 'string' || body.distinct_id === '') {
    return errorReply(400, 'distinct_id is required!');
  }
  const { channel, status } = body;
  if (channel === undefined) return errorReply(400, 'channel is required!');
  if (typeof channel !== 'string' || !(PREFERENCE_CHANNELS as readonly string[]).includes(channel)) {
    return errorReply(400, `'channel' must be one of ${PREFERENCE_CHANNELS.join(', ')}`);
  }
  if (status === undefined) return errorReply(400, 'status is required!');
  if (typeof status !== 'string' || !STATUSES.has(status)) {
    return errorReply(400, "'status' must be 'opted-in' or 'opted-out'");
  }
  const unknown = unknownUser(call, body.distinct_id);
  if (unknown) return unknown;
  const sub = call.params.subscription_id ?? 'all';
  return apply(call, body.distinct_id, { [sub]: { [channel]: status } });
});

function apply(call: RouteContext, id: string, wanted: UserPreferenceInput): Reply {
  try {
    return jsonReply(200, call.state.preferences.update(call.version, id, wanted));
  } catch (error) {
    if (error instanceof PreferenceInputError) return errorReply(400, error.message);
    throw error;
  }
}

/** The 400 for a distinct_id with no profile in this version, unless the emulator answers defaults. */
function unknownUser(call: RouteContext, id: string): Reply | undefined {
  if (call.state.unknownPreferenceUser === 'defaults') return undefined;
  return call.state.profiles[call.version].has(id) ? undefined : errorReply(400, UNKNOWN_USER_MESSAGE);
}
