/**
 * What each user chose, per version, and the one place that reads and changes it: S1–S3 and the
 * in-app socket's `get:preference` / `set:preference` both go through `PreferenceStore`, so a
 * choice made either way is what the next fire applies (CONTRACT.md §4.3).
 */
import { decide, type ChannelState, type SkipReason } from './delivery-decision.js';
import { channelState, PREFERENCE_CHANNELS, type PreferenceChannel, type SubscriptionTopic, type SubscriptionTopics } from './subscription-topics.js';
import type { Version } from './types.js';

/** A status a user can choose. */
export type PreferenceStatus = 'opted-in' | 'opted-out';

/** `{ <subscription_id | 'all'>: { <channel>: status } }`: S2's `user_preference`, the socket's `set:preference`. */
export type UserPreferenceInput = Record<string, Record<string, string>>;

/** One topic in an S1 answer (Fyno's `PreferenceResponse`). */
export interface PreferenceTopicView {
  subscription_id: string;
  name: string;
  description: string;
  channel_config: Record<string, 'on' | 'off' | 'required'>;
  preference: Record<string, 'opted-in' | 'opted-out' | 'required'>;
  is_global_opted_out: Record<string, true>;
  notification_events: Array<{ event_id: string; event_name: string }>;
  updated_at: Record<string, string>;
}

/** The S1 answer (and the socket's `preferences:state`). */
export interface PreferenceView {
  meta: { all: { preference: Record<string, 'opted-out'>; updated_at: Record<string, string> } };
  result: Record<string, PreferenceTopicView[]>;
}

/** Why a write was refused: an S2/S3 400 message. */
export class PreferenceInputError extends Error {}

/** One user's stored choices. */
interface UserChoices {
  topics: Map<string, Map<string, { status: PreferenceStatus; at: string }>>;
  /** Global opt-outs: channel → when. */
  all: Map<string, string>;
}

/** The decision for one channel of one message, with the topic it came from. */
export interface ChannelDecision {
  skip: SkipReason | null;
  topic: SubscriptionTopic | undefined;
}

/**
 * The preference store of one emulator: topics of the workspace plus each user's choices, kept
 * apart per version. Reads and writes validate like Fyno; a write to a `required` channel is a
 * no-op that echoes `required` (§4 U10).
 */
export class PreferenceStore {
  readonly topics: SubscriptionTopics;
  readonly #users: Record<Version, Map<string, UserChoices>> = { live: new Map(), test: new Map() };

  constructor(topics: SubscriptionTopics) {
    this.topics = topics;
  }

  /** The S1 view of `distinctId` (defaults where they chose nothing); events listed with `eventList`. */
  view(version: Version, distinctId: string, options: { eventList?: boolean } = {}): PreferenceView {
    const user = this.#users[version].get(distinctId);
    const all: Record<string, 'opted-out'> = {};
    const allAt: Record<string, string> = {};
    for (const [channel, at] of user?.all ?? []) {
      all[channel] = 'opted-out';
      allAt[channel] = at;
    }
    const result: Record<string, PreferenceTopicView[]> = {};
    for (const topic of this.topics.list) {
      const chosen = user?.topics.get(topic.subscription_id);
      const view: PreferenceTopicView = {
        subscription_id: topic.subscription_id,
        name: topic.name,
        description: topic.description,
        channel_config: { ...topic.channel_config } as Record<string, 'on' | 'off' | 'required'>,
        preference: {},
        is_global_opted_out: {},
        notification_events: options.eventList ? topic.events.map((event) => ({ event_id: event, event_name: event })) : [],
        updated_at: {},
      };
      for (const channel in topic.channel_config) {
        view.preference[channel] = this.#status(topic, chosen, channel);
        const at = chosen?.get(channel)?.at;
        if (at !== undefined) view.updated_at[channel] = at;
        if (all[channel] !== undefined && channelState(topic, channel) !== 'required') {
          view.is_global_opted_out[channel] = true;
        }
      }
      (result[topic.section] ??= []).push(view);
    }
    return { meta: { all: { preference: all, updated_at: allAt } }, result };
  }

  /**
   * S2 / `set:preference`: apply every `{ topic | 'all': { channel: status } }`, all or nothing.
   * Returns the whole channel map of each named topic after the change (`all` echoes its input).
   * Throws `PreferenceInputError` for an unknown topic, channel or status.
   */
  update(version: Version, distinctId: string, input: UserPreferenceInput): Record<string, Record<string, string>> {
    const changes: Array<[subscription: string, channel: string, status: PreferenceStatus]> = [];
    for (const [subscription, channels] of Object.entries(input)) {
      if (subscription !== 'all' && !this.topics.get(subscription)) {
        throw new PreferenceInputError(`Invalid subscription_id ${subscription}`);
      }
      if (typeof channels !== 'object' || channels === null || Array.isArray(channels)) {
        throw new PreferenceInputError(`user_preference.${subscription} must map channels to opted-in or opted-out`);
      }
      for (const [channel, status] of Object.entries(channels)) {
        if (!isChannel(channel)) throw new PreferenceInputError(`Invalid channel ${channel}`);
        // The in-app client echoes `required` back for locked channels; it changes nothing.
        if (status === 'required') continue;
        if (status !== 'opted-in' && status !== 'opted-out') throw new PreferenceInputError(`Invalid status for ${channel}`);
        changes.push([subscription, channel, status]);
      }
    }
    const user = this.#user(version, distinctId);
    const at = new Date().toISOString();
    for (const [subscription, channel, status] of changes) {
      if (subscription === 'all') {
        if (status === 'opted-out') user.all.set(channel, at);
        else user.all.delete(channel);
        continue;
      }
      const topic = this.topics.get(subscription) as SubscriptionTopic;
      // A required channel cannot be changed: a no-op, as Fyno's docs say (§4 U10).
      if (channelState(topic, channel) === 'required') continue;
      let chosen = user.topics.get(subscription);
      if (!chosen) user.topics.set(subscription, (chosen = new Map()));
      chosen.set(channel, { status, at });
    }
    const answer: Record<string, Record<string, string>> = {};
    for (const subscription of Object.keys(input)) {
      answer[subscription] = subscription === 'all' ? { ...input.all } : this.#channelMap(version, distinctId, subscription);
    }
    return answer;
  }

  /** The channel → status map of one topic for a user, as S2/S3 answer it. */
  #channelMap(version: Version, distinctId: string, subscription: string): Record<string, string> {
    const topic = this.topics.get(subscription) as SubscriptionTopic;
    const chosen = this.#users[version].get(distinctId)?.topics.get(subscription);
    const map: Record<string, string> = {};
    for (const channel of PREFERENCE_CHANNELS) map[channel] = this.#status(topic, chosen, channel);
    return map;
  }

  /** Whether `channel` of a fire of `event` to `distinctId` is sent (suppression decided by the caller). */
  decide(version: Version, distinctId: string | undefined, event: string, channel: string, suppressed: boolean): ChannelDecision {
    const topic = this.topics.ofEvent(event);
    const state: ChannelState = topic ? channelState(topic, channel) : 'none';
    const user = distinctId === undefined ? undefined : this.#users[version].get(distinctId);
    const choice = topic ? user?.topics.get(topic.subscription_id)?.get(channel)?.status : undefined;
    return { skip: decide({ state, choice, globalOptOut: user?.all.has(channel) ?? false, suppressed }), topic };
  }

  /** Forget every choice of `distinctId` in `version` (a deleted profile). */
  forget(version: Version, distinctId: string): void {
    this.#users[version].delete(distinctId);
  }

  /** Move choices from one id to another (a profile merge or rename); the target's own win. */
  move(version: Version, from: string, to: string): void {
    const source = this.#users[version].get(from);
    if (!source) return;
    this.#users[version].delete(from);
    const target = this.#users[version].get(to);
    if (!target) {
      this.#users[version].set(to, source);
      return;
    }
    for (const [channel, at] of source.all) if (!target.all.has(channel)) target.all.set(channel, at);
    for (const [sub, chosen] of source.topics) {
      const into = target.topics.get(sub) ?? new Map();
      for (const [channel, value] of chosen) if (!into.has(channel)) into.set(channel, value);
      target.topics.set(sub, into);
    }
  }

  #status(topic: SubscriptionTopic, chosen: Map<string, { status: PreferenceStatus }> | undefined, channel: string): 'opted-in' | 'opted-out' | 'required' {
    const state = channelState(topic, channel);
    if (state === 'required') return 'required';
    return chosen?.get(channel)?.status ?? (state === 'off' ? 'opted-out' : 'opted-in');
  }

  #user(version: Version, distinctId: string): UserChoices {
    let user = this.#users[version].get(distinctId);
    if (!user) this.#users[version].set(distinctId, (user = { topics: new Map(), all: new Map() }));
    return user;
  }
}

function isChannel(channel: string): channel is PreferenceChannel {
  return (PREFERENCE_CHANNELS as readonly string[]).includes(channel);
}
