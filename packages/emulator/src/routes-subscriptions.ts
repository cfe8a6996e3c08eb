/**
 * S1–S3 (CONTRACT.md §4), minimally: per-profile channel preferences stored per subscription
 * id (or `all`) and shown back in Fyno's S1 shape. Subscription sections and events are not
 * modelled.
 */
import { errorReply, isPlainObject, jsonReply, okReply, type Reply } from './respond.js';
import { withBody, type EmulatorState, type Preferences, type RouteContext } from './state.js';
import type { Version } from './types.js';

const CHANNELS = new Set([
  'sms',
  'whatsapp',
  'email',
  'discord',
  'slack',
  'teams',
  'push',
  'voice',
  'inapp',
  'webpush',
]);
const STATUSES = new Set(['opted-in', 'opted-out']);

/** S1: the stored preferences of `?distinct_id=`. */
export function getPreferences(call: RouteContext): Reply {
  const id = new URLSearchParams(call.query).get('distinct_id');
  if (!id) return errorReply(400, 'distinct_id is required to list preference!');
  return jsonReply(200, preferenceView(call.state, call.version, id));
}

/** The S1 body for one profile: what `GET …/subscriptions/preference` and `get:preference` send. */
export function preferenceView(state: EmulatorState, version: Version, distinctId: string): unknown {
  return view(state.preferences[version].get(distinctId) ?? {});
}

/**
 * Apply a `user_preference` map (S2's body, `set:preference`'s payload) for one profile. Values
 * other than opted-in / opted-out (such as `required`) and unknown channels are ignored.
 */
export function applyPreferences(
  state: EmulatorState,
  version: Version,
  distinctId: string,
  wanted: Record<string, unknown>,
): void {
  const store = state.preferences[version];
  const prefs = store.get(distinctId) ?? {};
  for (const sub in wanted) {
    const channels = wanted[sub];
    if (!isPlainObject(channels)) continue;
    for (const [channel, status] of Object.entries(channels)) {
      if (CHANNELS.has(channel) && typeof status === 'string' && STATUSES.has(status)) {
        prefs[sub] = { ...prefs[sub], [channel]: status };
      }
    }
  }
  store.set(distinctId, prefs);
}

/** S2: merge `user_preference` into the preferences of `?distinct_id=`. */
export const putPreferences = withBody((call, body) => {
  const store = call.state.preferences[call.version];
  const id = new URLSearchParams(call.query).get('distinct_id');
  if (!id) return errorReply(400, 'distinct_id is required!');
  const wanted = isPlainObject(body) ? body.user_preference : undefined;
  if (!isPlainObject(wanted) || !Object.values(wanted).every(isPreferenceMap)) {
    return errorReply(400, "'user_preference' must map subscription ids to {channel: status}");
  }
  const prefs = store.get(id) ?? {};
  for (const sub in wanted) prefs[sub] = { ...prefs[sub], ...(wanted[sub] as Record<string, string>) };
  store.set(id, prefs);
  return jsonReply(200, wanted);
});

/** S3: set one channel of one subscription (or `all`) for a profile. */
export const setSubscriptionUser = withBody((call, body) => {
  const store = call.state.preferences[call.version];
  if (!isPlainObject(body) || typeof body.distinct_id !== 'string' || body.distinct_id === '') {
    return errorReply(400, 'distinct_id is required!');
  }
  const { channel, status } = body;
  if (typeof channel !== 'string' || !CHANNELS.has(channel)) {
    return errorReply(400, `'channel' must be one of ${[...CHANNELS].join(', ')}`);
  }
  if (typeof status !== 'string' || !STATUSES.has(status)) {
    return errorReply(400, "'status' must be 'opted-in' or 'opted-out'");
  }
  const sub = call.params.subscription_id ?? 'all';
  const prefs = store.get(body.distinct_id) ?? {};
  prefs[sub] = { ...prefs[sub], [channel]: status };
  store.set(body.distinct_id, prefs);
  return okReply(200, 'Preference updated successfully');
});

function isPreferenceMap(value: unknown): boolean {
  return (
    isPlainObject(value) &&
    Object.entries(value).every(([ch, st]) => CHANNELS.has(ch) && typeof st === 'string' && STATUSES.has(st))
  );
}

function view(prefs: Preferences): Record<string, unknown> {
  const subscriptions = Object.keys(prefs).filter((k) => k !== 'all');
  const result: Record<string, unknown> = {};
  if (subscriptions.length > 0) {
    result.Subscriptions = subscriptions.map((id) => ({
      subscription_id: id,
      name: id,
      description: '',
      channel_config: {},
      preference: prefs[id],
      is_global_opted_out: {},
      notification_events: [],
    }));
  }
  return { meta: { all: { preference: prefs.all ?? {}, updated_at: {} } }, result };
}
