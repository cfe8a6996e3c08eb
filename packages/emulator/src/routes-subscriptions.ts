/**
 * S1–S3, minimally: per-profile channel preferences stored per subscription id (or `all`) and
 * shown back in Fyno's S1 shape. Subscription sections and events are not modelled.
 */
import { errorReply, isPlainObject, jsonReply, okReply, type Reply } from './respond.js';
import { parseBody, type ApiCall, type EmulatorState, type Preferences } from './state.js';

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

/** Dispatch S1 (get preferences), S2 (put preferences) or S3 (set one subscription channel). */
export function handleSubscriptions(state: EmulatorState, call: ApiCall): Reply {
  const store = state.preferences[call.version];
  if (call.route === 'preference-get') {
    const id = new URLSearchParams(call.query).get('distinct_id');
    if (!id) return errorReply(400, 'distinct_id is required to list preference!');
    return jsonReply(200, view(store.get(id) ?? {}));
  }
  const parsed = parseBody(call);
  if (!parsed.ok) return parsed.reply;
  const body = parsed.value;
  if (call.route === 'preference-put') {
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
  }
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
  const sub = call.params[0] ?? 'all';
  const prefs = store.get(body.distinct_id) ?? {};
  prefs[sub] = { ...prefs[sub], [channel]: status };
  store.set(body.distinct_id, prefs);
  return okReply(200, 'Preference updated successfully');
}

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
