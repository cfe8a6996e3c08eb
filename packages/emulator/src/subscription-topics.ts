/**
 * The workspace's subscription topics, grouped in sections, as seeded from options or
 * `--subscriptions <file>` (CONTRACT.md §4.3). A default set gives the demo something to show.
 */

/** Every channel a preference can name (webpush included; it is not a `to` key). */
export const PREFERENCE_CHANNELS = ['sms', 'whatsapp', 'email', 'discord', 'slack', 'teams', 'push', 'voice', 'inapp', 'webpush'] as const;

/** A channel a preference can name. */
export type PreferenceChannel = (typeof PREFERENCE_CHANNELS)[number];

/** A topic's configured state for one channel. */
export type TopicChannelState = 'required' | 'on' | 'off';

/** One topic as seeded: Fyno's S1 fields plus the events it links. */
export interface SubscriptionTopicInput {
  /** Fyno's id, e.g. `SXXXXXXXXX`. */
  subscription_id: string;
  name: string;
  description?: string;
  /** State per channel; a channel left out is `on` (Fyno's default). */
  channel_config?: Partial<Record<PreferenceChannel, TopicChannelState>>;
  /** Event names linked to this topic (an event links to at most one topic). */
  events?: string[];
}

/** Seed topics: section name → its topics, in order. */
export interface SubscriptionsOption {
  sections: Record<string, SubscriptionTopicInput[]>;
}

/** A topic as stored, with its section. */
export interface SubscriptionTopic extends Required<Omit<SubscriptionTopicInput, 'channel_config'>> {
  section: string;
  channel_config: Partial<Record<PreferenceChannel, TopicChannelState>>;
}

/**
 * The default set: order updates (`order_shipped`) with email and sms on, security alerts whose
 * email is required, and product news (`product_news`: an event name of its own, so no existing
 * fire changes) that is off until the user opts in.
 */
export const DEFAULT_SUBSCRIPTIONS: SubscriptionsOption = {
  sections: {
    Orders: [
      {
        subscription_id: 'SORDERS001',
        name: 'Order updates',
        description: 'Shipping and delivery of your orders',
        channel_config: { email: 'on', sms: 'on', push: 'on', inapp: 'on' },
        events: ['order_shipped', 'order_delivered'],
      },
    ],
    Account: [
      {
        subscription_id: 'SSECURITY1',
        name: 'Security alerts',
        description: 'Sign-in codes and password resets',
        channel_config: { email: 'required', sms: 'on', inapp: 'on' },
        events: ['password_reset', 'login_code'],
      },
    ],
    Marketing: [
      {
        subscription_id: 'SNEWS00001',
        name: 'Product news',
        description: 'What is new, once a month',
        channel_config: { email: 'off', sms: 'off', push: 'off', inapp: 'on' },
        events: ['product_news'],
      },
    ],
  },
};

/** The topics of a workspace, by id and by linked event. */
export class SubscriptionTopics {
  /** Topics in section order. */
  readonly list: readonly SubscriptionTopic[];
  readonly #byId = new Map<string, SubscriptionTopic>();
  readonly #byEvent = new Map<string, SubscriptionTopic>();

  /** Throws on a malformed seed (a CLI file or options), naming what is wrong. */
  constructor(seed: SubscriptionsOption = DEFAULT_SUBSCRIPTIONS) {
    const list: SubscriptionTopic[] = [];
    if (typeof seed !== 'object' || seed === null || typeof seed.sections !== 'object' || seed.sections === null) {
      throw new Error('subscriptions must be { sections: { <section name>: [topics] } }');
    }
    for (const [section, topics] of Object.entries(seed.sections)) {
      if (!Array.isArray(topics)) throw new Error(`subscriptions section "${section}" must be an array of topics`);
      for (const t of topics) {
        if (typeof t?.subscription_id !== 'string' || t.subscription_id === '' || t.subscription_id === 'all') {
          throw new Error(`a topic of section "${section}" needs a subscription_id (not "all")`);
        }
        if (this.#byId.has(t.subscription_id)) throw new Error(`subscription_id ${t.subscription_id} is used twice`);
        for (const [channel, state] of Object.entries(t.channel_config ?? {})) {
          if (!(PREFERENCE_CHANNELS as readonly string[]).includes(channel)) {
            throw new Error(`topic ${t.subscription_id}: unknown channel "${channel}"`);
          }
          if (state !== 'required' && state !== 'on' && state !== 'off') {
            throw new Error(`topic ${t.subscription_id}: channel ${channel} must be required, on or off`);
          }
        }
        const topic: SubscriptionTopic = {
          section,
          subscription_id: t.subscription_id,
          name: typeof t.name === 'string' ? t.name : t.subscription_id,
          description: t.description ?? '',
          channel_config: { ...t.channel_config },
          events: [...(t.events ?? [])],
        };
        for (const event of topic.events) {
          const other = this.#byEvent.get(event);
          if (other) throw new Error(`event ${event} is linked to ${other.subscription_id} and ${topic.subscription_id}; an event has at most one topic`);
          this.#byEvent.set(event, topic);
        }
        this.#byId.set(topic.subscription_id, topic);
        list.push(topic);
      }
    }
    this.list = list;
  }

  /** The topic with this id. */
  get(subscriptionId: string): SubscriptionTopic | undefined {
    return this.#byId.get(subscriptionId);
  }

  /** The topic an event is linked to, if any. */
  ofEvent(event: string): SubscriptionTopic | undefined {
    return this.#byEvent.get(event);
  }
}

/** A topic's state for a channel (`on` when the topic does not name it). */
export function channelState(topic: SubscriptionTopic, channel: string): TopicChannelState {
  return topic.channel_config[channel as PreferenceChannel] ?? 'on';
}
