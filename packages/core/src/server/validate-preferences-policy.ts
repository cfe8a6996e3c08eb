/**
 * Checks a preferences policy once, when the route is created, so a misspelt channel or a missing
 * `identify` fails at start-up instead of hiding a topic from every user.
 */
import { checkMaxBodyBytes, checkOnError, checkPolicyIdentify } from './policy-checks';
import { PREFERENCE_CHANNEL_NAMES } from './preferences-body';
import type { PreferencesPolicy } from './preferences-types';

const PREFERENCE_CHANNELS: readonly string[] = PREFERENCE_CHANNEL_NAMES;
/** Largest accepted `maxBodyBytes`. */
const MAX_BODY_BYTES = 1024 * 1024;

function checkChannels(list: unknown, at: string): void {
  if (!Array.isArray(list)) throw new TypeError(`preferences policy: ${at} must be an array of channels`);
  for (const channel of list) {
    if (!PREFERENCE_CHANNELS.includes(channel)) {
      throw new TypeError(`preferences policy: ${at} names "${String(channel)}", not a channel (${PREFERENCE_CHANNELS.join(', ')})`);
    }
  }
}

/** Throws a `TypeError` naming the first thing wrong with `policy`. */
export function validatePreferencesPolicy(policy: PreferencesPolicy<any>): void {
  checkPolicyIdentify(policy, 'preferences policy');
  if (typeof policy.topics !== 'object' || policy.topics === null || Array.isArray(policy.topics)) {
    throw new TypeError('preferences policy needs a topics object (subscription id → true or { channels: [...] })');
  }
  for (const id of Object.keys(policy.topics)) {
    if (id === 'all') throw new TypeError('preferences policy: "all" is the global switch: list its channels in `global`, not in `topics`');
    const rule: unknown = policy.topics[id];
    if (rule === true) continue;
    if (typeof rule !== 'object' || rule === null) throw new TypeError(`preferences policy: topics.${id} must be true or { channels: [...] }`);
    checkChannels((rule as { channels?: unknown }).channels, `topics.${id}.channels`);
  }
  if (policy.global !== undefined) checkChannels(policy.global, 'global');
  checkMaxBodyBytes(policy.maxBodyBytes, MAX_BODY_BYTES, 'preferences policy');
  if (policy.client !== undefined && (typeof policy.client?.preferences?.get !== 'function' || typeof policy.client?.profiles?.create !== 'function')) {
    throw new TypeError('preferences policy: client must have preferences.get/update and profiles.create (a Fyno instance)');
  }
  if (policy.defaultsProfile !== undefined && (typeof policy.defaultsProfile !== 'string' || policy.defaultsProfile === '')) {
    throw new TypeError('preferences policy: defaultsProfile must be a non-empty distinct id');
  }
  checkOnError(policy.onError, 'preferences policy');
}
