/**
 * The policy applied to Fyno's answers, as pure functions: what of an S1 answer the browser sees, and
 * whether a set of changes names only what it sees (403) and no required channel (409).
 */
import type { PreferenceChanges, PreferenceChannel, PreferenceResponse, PreferenceTopic } from '../types';
import type { PreferenceChangeInput, PreferencesPolicy, PreferencesTopicRule, PreferencesView } from './preferences-types';

type Shown = Pick<PreferencesPolicy<never>, 'topics' | 'global'>;

/** The policy's rule for a topic: own properties only, so `__proto__` or `toString` find nothing. */
export function topicRule(policy: Shown, id: string): PreferencesTopicRule | undefined {
  return Object.prototype.hasOwnProperty.call(policy.topics, id) ? policy.topics[id] : undefined;
}

const shows = (rule: PreferencesTopicRule, channel: string): boolean => rule === true || rule.channels.includes(channel as PreferenceChannel);

/** A topic's channels, in Fyno's order (a topic names the channels it has in `channel_config`). */
const channelsOf = (topic: PreferenceTopic): PreferenceChannel[] => Object.keys(topic.channel_config ?? {}) as PreferenceChannel[];

/** The channels the user opted out of globally, from `meta.all` and any topic's `is_global_opted_out`. */
function globalOptOuts(response: PreferenceResponse): Set<string> {
  const off = new Set<string>();
  for (const [channel, status] of Object.entries(response.meta?.all?.preference ?? {})) if (status === 'opted-out') off.add(channel);
  return off;
}

/** What a fire would do on `channel` of `topic` (Fyno's rules, packages/emulator/CONTRACT.md §4.3). */
function effectiveOn(topic: PreferenceTopic, channel: PreferenceChannel, globallyOff: Set<string>): boolean {
  const state = topic.channel_config?.[channel];
  if (state === 'required') return true;
  if (globallyOff.has(channel) || topic.is_global_opted_out?.[channel] === true) return false;
  const chosen = topic.preference?.[channel];
  if (chosen === 'opted-in' || chosen === 'required') return true;
  if (chosen === 'opted-out') return false;
  return state !== 'off';
}

/** The part of an S1 answer the policy shows, in Fyno's order; sections with nothing shown are left out. */
export function toView(response: PreferenceResponse, policy: Shown): PreferencesView {
  const globallyOff = globalOptOuts(response);
  const view: PreferencesView = { sections: [], global: [] };
  for (const [name, topics] of Object.entries(response.result ?? {})) {
    const shown: PreferencesView['sections'][number]['topics'] = [];
    for (const topic of Array.isArray(topics) ? topics : []) {
      const rule = topicRule(policy, topic.subscription_id);
      if (rule === undefined) continue;
      const channels = channelsOf(topic)
        .filter((channel) => shows(rule, channel))
        .map((channel) => ({ channel, on: effectiveOn(topic, channel, globallyOff), required: topic.channel_config[channel] === 'required' }));
      shown.push({
        id: topic.subscription_id,
        name: topic.name,
        ...(typeof topic.description === 'string' && topic.description !== '' ? { description: topic.description } : {}),
        channels,
      });
    }
    if (shown.length > 0) view.sections.push({ name, topics: shown });
  }
  for (const channel of policy.global ?? []) view.global.push({ channel, on: !globallyOff.has(channel) });
  return view;
}

/** Why a set of changes is refused, if it is. */
export type ChangeRefusal = 'topic_not_allowed' | 'channel_required';

/** The policy's check alone (no Fyno answer needed): every change names a topic and channel it shows. */
export function refuseHidden(changes: readonly PreferenceChangeInput[], policy: Shown): ChangeRefusal | undefined {
  for (const { topic, channel } of changes) {
    if (topic === 'all') {
      if (!(policy.global ?? []).includes(channel)) return 'topic_not_allowed';
      continue;
    }
    const rule = topicRule(policy, topic);
    if (rule === undefined || !shows(rule, channel)) return 'topic_not_allowed';
  }
  return undefined;
}

/**
 * The check against what Fyno has: a topic or channel it does not have is as hidden as one the
 * policy does not show (403); a required channel is not the user's to change (409). Then the S2
 * body, all changes in one.
 */
export function toUpdate(
  changes: readonly PreferenceChangeInput[],
  response: PreferenceResponse,
): { ok: true; update: PreferenceChanges } | { ok: false; code: ChangeRefusal } {
  const topics = new Map<string, PreferenceTopic>();
  for (const list of Object.values(response.result ?? {})) for (const topic of Array.isArray(list) ? list : []) topics.set(topic.subscription_id, topic);
  // No prototype: a topic named `__proto__` would otherwise reach the prototype, not a key.
  const update: PreferenceChanges = Object.create(null) as PreferenceChanges;
  let required = false;
  for (const { topic, channel, on } of changes) {
    if (topic !== 'all') {
      const known = topics.get(topic);
      const state = known?.channel_config?.[channel];
      if (state === undefined) return { ok: false, code: 'topic_not_allowed' };
      if (state === 'required') required = true;
    }
    (update[topic] ??= Object.create(null) as PreferenceChanges[string])[channel] = on ? 'opted-in' : 'opted-out';
  }
  // Hidden before locked: a change naming both learns only that something is not allowed.
  return required ? { ok: false, code: 'channel_required' } : { ok: true, update };
}
