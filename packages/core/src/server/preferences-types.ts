/**
 * The preferences route's policy and its wire format (`GET`/`POST` of the signed-in user's own
 * preferences). `usePreferences()` in `@fyno-kit/react/preferences` imports these types only.
 */
import type { RequestOptions } from '../request';
import type { PreferenceChanges, PreferenceChannel, PreferenceResponse, PreferenceUpdateResult, ProfileInput } from '../types';
import type { ExchangeAnswer, ExchangeRoute } from './exchange';
import type { PreferencesErrorCode } from './preferences-errors';
import type { RateLimiterLike, RateLimitOptions } from './types';

export type { PreferenceChannel, PreferencesErrorCode };

// ---- the wire format ------------------------------------------------------------------------

/** One channel of one topic, as the signed-in user sees it. */
export interface PreferencesChannelView {
  channel: PreferenceChannel;
  /** Effective: what a fire of this topic's events would do now (a global opt-out included). */
  on: boolean;
  /** Locked: the topic always sends on it, and a change is refused (409 `channel_required`). */
  required: boolean;
}

/** One subscription topic the policy shows, with the channels the policy shows for it. */
export interface PreferencesTopicView {
  /** Fyno's subscription id (e.g. `SORDERS001`): what a change names as `topic`. */
  id: string;
  name: string;
  description?: string;
  channels: PreferencesChannelView[];
}

/** A section of topics, in Fyno's order. */
export interface PreferencesSectionView {
  name: string;
  topics: PreferencesTopicView[];
}

/** One channel of the global switch: `on: false` is a global opt-out (every topic but its required channels). */
export interface PreferencesGlobalView {
  channel: PreferenceChannel;
  on: boolean;
}

/** `GET` and `POST`'s 200 answer: only what the policy shows. */
export interface PreferencesView {
  sections: PreferencesSectionView[];
  global: PreferencesGlobalView[];
}

/** One change: a topic's channel, or with `topic: 'all'` the global switch of a channel. */
export interface PreferenceChangeInput {
  topic: string;
  channel: PreferenceChannel;
  on: boolean;
}

/** `POST`'s body: 1 to 50 changes, applied all or nothing. No other key is accepted. */
export interface PreferencesChangeBody {
  changes: PreferenceChangeInput[];
}

/** Every error body of the route. */
export interface PreferencesErrorBody {
  error: { code: PreferencesErrorCode; message: string };
}

// ---- the policy -----------------------------------------------------------------------------

/** What the policy shows of one topic: every channel (`true`) or the channels listed. */
export type PreferencesTopicRule = true | { readonly channels: readonly PreferenceChannel[] };

/** The part of a Fyno client the preferences route needs (any `Fyno` instance fits). */
export interface PreferencesRouteClient {
  readonly preferences: {
    get(distinctId: string, query?: { eventList?: boolean }, options?: RequestOptions): Promise<PreferenceResponse>;
    update(distinctId: string, changes: PreferenceChanges, options?: RequestOptions): Promise<PreferenceUpdateResult>;
  };
  readonly profiles: {
    create(profile: ProfileInput, options?: RequestOptions): Promise<unknown>;
  };
}

/**
 * The preferences route's policy: who is asking, and which topics, channels and global switches a
 * browser may see and change. Anything else is left out of the answer and refused on write (403).
 *
 * @typeParam TRequest - the framework's request that `identify` receives (as `NotifyPolicy`'s).
 */
export interface PreferencesPolicy<TRequest = never> {
  /** Returns the signed-in user's `distinct_id`, or null/undefined when nobody is signed in (→ 401). */
  identify: (request: TRequest) => string | null | undefined | Promise<string | null | undefined>;
  /** Subscription id → what is shown: `true` (every channel the topic has) or `{ channels: [...] }`. */
  topics: Readonly<Record<string, PreferencesTopicRule>>;
  /** Channels whose global switch (`topic: 'all'`) is shown and may be changed. Default none. */
  global?: readonly PreferenceChannel[];
  /** The client to call Fyno with. Default: the host's (`req.fyno`), else a `Fyno` from `FYNO_*` variables. */
  client?: PreferencesRouteClient;
  /** Largest accepted body. Default 8 192 bytes. */
  maxBodyBytes?: number;
  /**
   * Per-user rate limit of reads and writes together: in-process options (default 60 per minute),
   * a shared store such as a `rate-limiter-flexible` limiter, or `false`.
   */
  rateLimit?: Partial<RateLimitOptions> | RateLimiterLike | false;
  /** Longest wait for the request body once the headers are in (→ 408). Default 10 000 ms. */
  bodyTimeoutMs?: number;
  /**
   * The distinct id of an empty profile the route reads the topics' defaults from, for a signed-in
   * user who has no Fyno profile yet (Fyno answers 400 for them). Created once, without channels,
   * the first time it is needed. Default `fyno-kit-preference-defaults`; `identify` may never return it.
   */
  defaultsProfile?: string;
  /** Called with unexpected errors and upstream failures instead of the default one-line `console.error`. */
  onError?: (error: unknown, info: { distinctId?: string; code: PreferencesErrorCode }) => void;
}

/** The route's answer: the view, or an error body. */
export type PreferencesAnswer = ExchangeAnswer<PreferencesView | PreferencesErrorBody>;

/** A preferences route: an exchange route, mounted by each host like every other route. */
export interface PreferencesRoute<TRequest = unknown> extends ExchangeRoute<TRequest, PreferencesAnswer> {}
