/**
 * Wire types of Fyno's public HTTP API (packages/emulator/CONTRACT.md §3–§5), shared by every
 * fyno-kit package.
 */

/** Which data set a call reads and writes: Fyno keeps live and test entirely apart. */
export type FynoVersion = 'live' | 'test';

/** The channels Fyno routes to. */
export type Channel = 'sms' | 'whatsapp' | 'voice' | 'email' | 'slack' | 'discord' | 'teams' | 'push' | 'inapp';

/** Every channel name, in Fyno's documented order. */
export const CHANNELS: readonly Channel[] = ['sms', 'whatsapp', 'voice', 'email', 'slack', 'discord', 'teams', 'push', 'inapp'] as const;

/**
 * Explicit destinations for one notification. Every value is a string; keys Fyno adds later
 * (e.g. `webpush`) are allowed too.
 */
export interface Destinations {
  /** Mobile number with country code, preferably E.164 (`+15550001111`). */
  sms?: string;
  /** WhatsApp number with country code, preferably E.164. */
  whatsapp?: string;
  /** Mobile number with country code for voice calls. */
  voice?: string;
  /** Email address. */
  email?: string;
  /** Slack channel ID, user ID or email. */
  slack?: string;
  /** Discord (snowflake) ID. */
  discord?: string;
  /** Microsoft Teams channel name (one channel). */
  teams?: string;
  /** Push token, prefixed (`fcm_token:…`, `expo_token:…`) when the workspace has several push providers. */
  push?: string;
  /** The in-app user id (the same `user` the in-app client connects with). */
  inapp?: string;
  [channel: string]: string | undefined;
}

/** Delivery-report reconciliation fields (CONTRACT.md §5.3). */
export interface Callback {
  /** Your id for this notification: a string of at most 200 characters or a number of at most 20 digits. */
  custom_id: string | number;
  custom1?: string;
  custom2?: string;
  custom3?: string;
  /** Send delivery reports; defaults to true when `custom_id` is set. */
  enable?: boolean;
  /** Names of verified allowlist URLs (up to 3) that receive delivery reports. */
  allowlist_url?: string | string[];
}

/** Template data: free-form JSON that fills the event's Handlebars placeholders. */
export type EventData = Record<string, unknown>;

/**
 * Your events and the `data` each takes, for a typed client: `new Fyno<MyEvents>()` makes
 * `fire('order_shiped', …)` or a wrong data shape a compile error. The default allows any event.
 *
 * @example
 * type MyEvents = { order_shipped: { order: string }; password_reset: Record<string, never> };
 */
export type EventMap = Record<string, object>;

/**
 * Declare your app's events once, for every server-side client: `new Fyno()`, Express's `req.fyno`,
 * Fastify's `request.fyno` and Nest's injected `Fyno` all take them as their default, with no
 * `<MyEvents>` at each use (the pattern of TanStack Router's `Register`). Use a `type`, not an
 * `interface`: an interface has no index signature, so it is not an `EventMap`.
 *
 * @example
 * // fyno-events.d.ts (or any module of your app), once:
 * declare module '@fyno-kit/core' {
 *   interface Register {
 *     events: { order_shipped: { order: string }; password_reset: Record<string, never> };
 *   }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the user's module augmentation.
export interface Register {}

/**
 * The events declared in {@link Register}, or any event when none are. A `Register.events` that is
 * not an `EventMap` (an `interface`) turns into one whose only key says so, so every fire fails to
 * compile with that message instead of silently allowing anything.
 */
export type RegisteredEvents = Register extends { events: infer E }
  ? E extends EventMap
    ? E
    : { 'Register.events must be a type alias (type X = {...}), not an interface': never }
  : EventMap;

/** The event names of an `EventMap`. */
export type EventName<TEvents> = Extract<keyof TEvents, string>;

interface PayloadFields<TData> {
  /** Template placeholders. */
  data?: TData;
  /** Delivery-report reconciliation. */
  callback?: Callback;
}

/**
 * One notification: a profile (`distinct_id`), explicit destinations (`to`), or both — then the
 * profile's channels are merged with `to`, and `to` wins per channel.
 */
export type EventPayload<TData extends object = EventData> =
  | (PayloadFields<TData> & { distinct_id: string; to?: Destinations })
  | (PayloadFields<TData> & { distinct_id?: string; to: Destinations });

/** The outcome for one channel of one notification. */
export interface ChannelResult {
  /** The destination Fyno resolved (an echo of `to` or the profile's value). */
  destination: string;
  /** Opaque message id, `<uuid>:<suffix>`. */
  msg_id: string;
  /** `"ok"` when accepted; other values are undocumented. */
  status: 'ok' | (string & {});
}

/** Per-channel results, holding exactly the channels that were resolved. */
export type ChannelResults = { [C in Channel]?: ChannelResult } & { [channel: string]: ChannelResult | undefined };

/** 202 body of `POST …/event`. */
export interface FireResponse {
  event: string;
  /** ISO-8601 time the event was received (a string for single events). */
  received_time: string;
  request_id: string;
  response: ChannelResults;
}

/** One item's result in a bulk response. */
export interface BulkItemResult {
  /** 1-based position of the item in the whole `fireBulk` input, across split requests. */
  seq: number;
  request_id?: string;
  sms?: ChannelResult;
  whatsapp?: ChannelResult;
  voice?: ChannelResult;
  email?: ChannelResult;
  slack?: ChannelResult;
  discord?: ChannelResult;
  teams?: ChannelResult;
  push?: ChannelResult;
  inapp?: ChannelResult;
  [channel: string]: ChannelResult | number | string | undefined;
}

/** 202 body of `POST …/event/bulk`, joined across the requests a large batch was split into. */
export interface FireBulkResponse {
  event: string;
  /** Epoch milliseconds (a number for bulk, unlike single events). From the first request. */
  received_time: number;
  /** The first request's id; every request's id is in `requests`. */
  request_id?: string;
  /** One result per input item, in input order. */
  response: BulkItemResult[];
  /** One entry per HTTP request the batch was sent in (more than one when it was split). */
  requests: BulkRequestInfo[];
}

/** What one bulk HTTP request carried. */
export interface BulkRequestInfo {
  request_id?: string;
  received_time: number;
  /** 0-based index of this request's first item in the input. */
  offset: number;
  count: number;
  /** The `Idempotency-Key` the request was sent with. */
  idempotencyKey: string;
}

/** A token in a profile's `push` or `inapp` channel. */
export interface ChannelToken {
  token: string;
  /** Null or absent: use this token for every integration of that channel. */
  integration_id?: string | null;
  /** 1 active (default), 0 inactive. */
  status?: 0 | 1;
}

/** Channel data stored on a profile. */
export interface ProfileChannels {
  sms?: string;
  whatsapp?: string;
  voice?: string;
  email?: string;
  slack?: string;
  discord?: string;
  teams?: string;
  push?: ChannelToken[];
  inapp?: ChannelToken[];
  webpush?: ChannelToken[];
}

/** Body of profile create (P1); for update (P3) every field is optional. */
export interface ProfileInput {
  distinct_id: string;
  name?: string;
  status?: 0 | 1;
  /** IANA time zone, e.g. `Asia/Kolkata`. */
  timezone?: string;
  channel?: ProfileChannels;
}

/** A stored profile as `GET …/profiles/{distinct_id}` returns it. */
export interface Profile {
  distinct_id: string;
  name?: string;
  status?: 0 | 1;
  timezone?: string;
  timezone_offset?: string;
  country_code?: string;
  created_at?: string;
  updated_at?: string;
  channel: ProfileChannels;
  channel_raw?: unknown;
  properties?: Record<string, unknown>;
  id_list?: string[];
  profile_id?: string;
  version?: FynoVersion;
  [key: string]: unknown;
}

/** The `{_message, status}` envelope of profile calls and of every error. */
export interface FynoEnvelope {
  _message: string;
  status: 'ok' | 'error';
}

/** What `fyno.profiles.upsert()` resolves with: Fyno's envelope, and whether the profile was new. */
export interface ProfileUpsertResult extends FynoEnvelope {
  /** True when the profile was created, false when an existing one was updated. */
  created: boolean;
}

/** Removes channel data: whole channels, or specific push/in-app tokens (P7). */
export type RemoveChannelInput = Channel[] | { push?: string[]; inapp?: string[] };

/**
 * The channels a preference or a suppression can name: every `Channel` plus `webpush`, which is a
 * preference channel but not a `to` key (CONTRACT.md §5.1).
 */
export type PreferenceChannel = Channel | 'webpush';

/** What a user chose for one channel. */
export type PreferenceStatus = 'opted-in' | 'opted-out';

/** A topic's configured state for one channel: `required` always sends, `off` sends only after an opt-in. */
export type TopicChannelState = 'required' | 'on' | 'off';

/** One subscription topic in a `PreferenceResponse`, with the user's choices. */
export interface PreferenceTopic {
  subscription_id: string;
  name: string;
  description: string;
  /** The topic's state per channel (a channel left out is `on`). */
  channel_config: { [C in PreferenceChannel]?: TopicChannelState };
  /** The user's choice per channel; `required` for a channel they cannot change. */
  preference: { [C in PreferenceChannel]?: PreferenceStatus | 'required' };
  /** Channels the user opted out of for every topic (only `true` values appear). */
  is_global_opted_out: { [C in PreferenceChannel]?: true };
  /** The events linked to the topic; filled only with `{ eventList: true }`. */
  notification_events: Array<{ event_id: string; event_name: string }>;
  updated_at?: { [C in PreferenceChannel]?: string };
}

/** S1: a user's preferences on every topic, grouped by section name. */
export interface PreferenceResponse {
  meta: {
    /** The global (all-topics) state: only opted-out channels appear. */
    all: { preference: { [C in PreferenceChannel]?: 'opted-out' }; updated_at?: { [C in PreferenceChannel]?: string } };
  };
  /** Section name (e.g. `"Orders"`) → its topics. */
  result: Record<string, PreferenceTopic[]>;
}

/** S2's change: `{ <subscription_id | 'all'>: { <channel>: status } }`. */
export type PreferenceChanges = Record<string, { [C in PreferenceChannel]?: PreferenceStatus }>;

/** S2/S3's answer: each named topic's channel map after the change (`all` echoes what was sent). */
export type PreferenceUpdateResult = Record<string, { [C in PreferenceChannel]?: PreferenceStatus | 'required' }>;

/** V1's answer for a right OTP. */
export interface VerifyResult {
  status: 'ok';
  _message: string;
}

/** One entry of the suppression list. */
export interface Suppression {
  _id: string;
  destination: string | null;
  distinct_id: string | null;
  channel: PreferenceChannel;
  description: string;
  created_at: string;
  expiry_ts: string | null;
}

/** What `suppressions.add()` takes: a user or a destination, on one channel. */
export type SuppressionInput =
  | { distinct_id: string; destination?: never; channel: PreferenceChannel; description?: string }
  | { destination: string; distinct_id?: never; channel: PreferenceChannel; description?: string };

/** Which entries `suppressions.remove()` deletes: one key (Fyno's precedence: `_id` > `distinct_id` > `destination`). */
export type SuppressionSelector = { _id: string } | { distinct_id: string } | { destination: string };
