/**
 * Turns a `POST` body into the list of changes, or the code that refuses it. Only the shape is
 * checked here (whether the policy shows the topics is preferences-view.ts's business). Any key but
 * the ones named is refused, so a `distinct_id` or anything else a browser adds can never reach Fyno.
 */
import { CHANNELS } from '../types';
import { byteLengthOf, isJsonObject, measureParsedBody, parseJsonBody } from './body';
import type { PreferenceChangeInput, PreferenceChannel } from './preferences-types';
import type { ExchangeBody } from './take-body';

/** Most changes in one request: a whole settings page saved at once fits. */
export const MAX_PREFERENCE_CHANGES = 50;

/** Longest accepted subscription id (Fyno's are ten characters). */
const MAX_TOPIC_CHARS = 128;

/** Every channel a preference can name: `to`'s channels plus `webpush`. */
export const PREFERENCE_CHANNEL_NAMES: readonly PreferenceChannel[] = [...CHANNELS, 'webpush'];
const PREFERENCE_CHANNELS: ReadonlySet<string> = new Set(PREFERENCE_CHANNEL_NAMES);

const hasOnly = (value: Record<string, unknown>, keys: readonly string[]): boolean => Object.keys(value).every((key) => keys.includes(key));

export type ChangesResult = { ok: true; changes: PreferenceChangeInput[] } | { ok: false; code: 'invalid_json' | 'invalid_body' | 'payload_too_large' };

/** Reads the body the exchange took (raw bytes, or what a host's parser made of them). */
export function readChanges(body: ExchangeBody, maxBodyBytes: number): ChangesResult {
  let value: unknown;
  if (body.kind === 'parsed') {
    const measured = measureParsedBody(body.value, maxBodyBytes);
    if (measured === 'too_large') return { ok: false, code: 'payload_too_large' };
    if (measured === 'too_deep') return { ok: false, code: 'invalid_body' };
    value = body.value;
  } else {
    if (byteLengthOf(body.bytes) > maxBodyBytes) return { ok: false, code: 'payload_too_large' };
    const parsed = parseJsonBody(body.bytes);
    if (!parsed.ok) return { ok: false, code: 'invalid_json' };
    value = parsed.value;
  }
  // The shape is flat and small: no deep walk is needed once each level is checked.
  if (!isJsonObject(value) || !hasOnly(value, ['changes']) || !Array.isArray(value.changes)) return { ok: false, code: 'invalid_body' };
  const list: unknown[] = value.changes;
  if (list.length < 1 || list.length > MAX_PREFERENCE_CHANGES) return { ok: false, code: 'invalid_body' };
  const changes: PreferenceChangeInput[] = [];
  for (const item of list) {
    if (!isJsonObject(item) || !hasOnly(item, ['topic', 'channel', 'on'])) return { ok: false, code: 'invalid_body' };
    const { topic, channel, on } = item;
    if (typeof topic !== 'string' || topic === '' || topic.length > MAX_TOPIC_CHARS) return { ok: false, code: 'invalid_body' };
    if (typeof channel !== 'string' || !PREFERENCE_CHANNELS.has(channel) || typeof on !== 'boolean') return { ok: false, code: 'invalid_body' };
    changes.push({ topic, channel: channel as PreferenceChannel, on });
  }
  return { ok: true, changes };
}
