/**
 * Public types of the emulator: options, stored records and faults. The wire types are defined
 * here on purpose, so the emulator never depends on the client it exists to check.
 */

import type { SkipReason } from './delivery-decision.js';
import type { SubscriptionsOption } from './subscription-topics.js';
import type { InappOptions } from './inapp-types.js';
import type { WebhookEndpoint, WebhookRetryOptions } from './webhook-types.js';

/** A Fyno data version: a path segment, and a wholly separate data set in the emulator. */
export type Version = 'live' | 'test';

/** Which versions an API key may call, like Fyno's Both / Test / Live keys. */
export type KeyScope = Version | 'both';

/** One accepted API key and the versions it may call. */
export interface ApiKeyConfig {
  /** The bearer token clients send as `Authorization: Bearer <key>`. */
  key: string;
  /** Versions this key may call; `both` when omitted. */
  scope?: KeyScope;
}

/** One push / in-app / webpush token as stored in a profile's `channel`. */
export interface ProfileToken {
  /** The device or in-app token. */
  token: string;
  /** Integration the token belongs to; `null` or absent means every integration. */
  integration_id?: string | null;
  /** 1 active (the default), 0 inactive. Inactive tokens are never routed to. */
  status?: 0 | 1 | null;
}

/** A profile's channel data: single-value channels are strings, token channels are arrays. */
export interface ProfileChannels {
  sms?: string;
  whatsapp?: string;
  voice?: string;
  email?: string;
  slack?: string;
  discord?: string;
  teams?: string;
  push?: ProfileToken[];
  inapp?: ProfileToken[];
  webpush?: ProfileToken[];
  [channel: string]: string | ProfileToken[] | undefined;
}

/** A profile as seeded through options or `addProfile()` (the P1 body without `distinct_id`). */
export interface ProfileInput {
  /** Display name. */
  name?: string;
  /** 1 active, 0 inactive. */
  status?: 0 | 1;
  /** IANA time zone, e.g. `Asia/Kolkata`. */
  timezone?: string;
  /** Channel data used when an event names this profile's `distinct_id`. */
  channel?: ProfileChannels;
  /** User properties (what U1–U7 change). */
  properties?: Record<string, unknown>;
}

/** Seed profiles: `{ live, test }` keyed by distinct_id, or a flat record meaning live. */
export type ProfilesOption = { live?: Record<string, ProfileInput>; test?: Record<string, ProfileInput> } | Record<string, ProfileInput>;

/** When an injected fault hits: instead of processing, after processing, or either at random. */
export type FaultPhase = 'before' | 'after' | 'random';

/** Random fault injection on API routes (never on `/_emulator/*` or the inbox page). */
export interface FaultOptions {
  /** Share of API requests (0–1) answered with `status5xx`. */
  error5xxRate?: number;
  /** Status used for 5xx faults; 503 by default. */
  status5xx?: number;
  /** Share of API requests (0–1) answered with 429 and `Retry-After`. */
  rate429?: number;
  /** `Retry-After` seconds sent with injected 429s; 1 by default. */
  retryAfterS?: number;
  /** Share of API requests (0–1) whose socket is destroyed without a response. */
  resetRate?: number;
  /** Share of API requests (0–1) whose response is held for `stallMs`. */
  stallRate?: number;
  /** How long a stall holds the response; 30 000 ms by default. */
  stallMs?: number;
  /** `before` (default): nothing is processed; `after`: processed and recorded, then the fault. */
  phase?: FaultPhase;
  /** Seed of the deterministic PRNG that draws the faults; random when omitted. */
  seed?: number;
}

/** A one-off fault for `failNext()`: a status response, a socket reset, or a stall. */
export type FailNextFault = { status: number; retryAfterS?: number; body?: unknown } | 'reset' | { stallMs: number };

/** Filter for `messages()` and `GET /_emulator/messages`; every given field must match. */
export interface MessageFilter {
  /** Messages addressed to this profile. */
  distinct_id?: string;
  /** Messages of this event. */
  event?: string;
  /** Messages sent to this version. */
  version?: Version;
  /** The message with this (per-item) request_id. */
  request_id?: string;
}

/** One accepted message: one per E1 call, one per E2 batch item. */
export interface MessageRecord {
  /** Emulator-assigned id, unique per record. */
  id: string;
  /** The `request_id` the client saw for this message (per item in bulk). */
  request_id: string;
  /** The top-level `request_id` of the bulk call this item belongs to. */
  batch_request_id?: string;
  /** The `msg_id` returned per resolved channel. */
  msg_id: Record<string, string>;
  /** Event name. */
  event: string;
  /** Version the message was sent to. */
  version: Version;
  /** Profile the message was addressed to, when given. */
  distinct_id?: string;
  /** The `to` object exactly as the request sent it. */
  to?: Record<string, string>;
  /** Resolved destination per channel (profile channels merged with `to`; `to` wins). */
  channels: Record<string, string>;
  /** Template data as sent. */
  data?: unknown;
  /** Callback object as sent. */
  callback?: unknown;
  /** The `Idempotency-Key` header of the call, when sent. */
  idempotency_key?: string;
  /** When the emulator accepted it (ISO-8601). */
  received_at: string;
  /** True when it came from `event/bulk`. */
  bulk: boolean;
  /** 1-based position in the bulk batch. */
  seq?: number;
  /** The subscription topic the event is linked to, when it has one. */
  topic?: { subscription_id: string; name: string };
  /** Channels that had a destination but were not sent, and why (preferences, suppression list). */
  skipped?: Record<string, SkippedChannel>;
  /** The OTP this fire issued, for an event named in `verifyEvents`. */
  otp?: string;
}

/** A channel of a message that was not sent. */
export interface SkippedChannel {
  /** Where it would have gone. */
  destination: string;
  /** Machine-readable reason. */
  reason: SkipReason;
  /** The reason in a sentence. */
  detail: string;
}

/** One API request as the emulator received it; the Authorization header is never kept. */
export interface RequestLogEntry {
  /** HTTP method. */
  method: string;
  /** Request path and query exactly as received. */
  path: string;
  /** Status sent; `null` when no response was sent (reset, aborted stall, or still pending). */
  status: number | null;
  /** The `Idempotency-Key` header, when sent. */
  idempotency_key?: string;
  /** True when the response was replayed from the idempotency store. */
  idempotent_replay?: boolean;
  /** The injected fault, when one applied. */
  fault?: 'status' | 'reset' | 'stall';
  /**
   * Why the request was refused (4xx): the `_message` of the answer, e.g. the unknown event's
   * name. Printed beside the status and shown on the inbox page. Absent for injected faults.
   */
  reason?: string;
  /** Arrival time (ISO-8601). */
  timestamp: string;
}

/** How one event routes, as its template does in Fyno: only these channels are sent. */
export interface EventRouting {
  /** Channels the event's template has; destinations on other channels are ignored. All when omitted. */
  channels?: string[];
}

/** Options of `createEmulator()`. */
export interface EmulatorOptions {
  /** Workspace id accepted in paths; `FYEMULATOR1` by default. */
  workspaceId?: string;
  /** An API key with scope `both`; defaults to `emu_local_test_key_not_a_secret` unless `keys` is given. */
  apiKey?: string;
  /** Generate a random `apiKey` instead of the fixed default. */
  randomKey?: boolean;
  /** Extra keys, each scoped to live, test or both. */
  keys?: ApiKeyConfig[];
  /** Known event names, or `'*'` (default) to accept every event. */
  events?: string[] | '*' | Record<string, EventRouting>;
  /** Seed profiles. */
  profiles?: ProfilesOption;
  /** Random fault injection. */
  faults?: FaultOptions | null;
  /** How long an Idempotency-Key is remembered; 24 h by default. */
  idempotencyTtlMs?: number;
  /** Largest request body accepted; 10 MB (10 * 1024 * 1024 bytes) by default. */
  maxBodyBytes?: number;
  /** Cap of the request log; the oldest entries are dropped. 100 000 by default. */
  maxRequestLog?: number;
  /**
   * Subscription topics grouped in sections, each naming its events; a default set (order updates
   * linked to `order_shipped` with email and sms on, security alerts, product news) when omitted.
   */
  subscriptions?: SubscriptionsOption;
  /** S1/S2/S3 for a distinct_id with no profile: Fyno's 400 (`error`, default) or the topics' defaults. */
  unknownPreferenceUser?: 'error' | 'defaults';
  /** Events whose template uses `{{$fyno.$otp}}`: each fire of them issues one OTP for V1. */
  verifyEvents?: string[];
  /**
   * A fixed OTP for tests: every Verify fire issues it, and V1 also accepts it for a request_id or
   * destination it never saw. Without it, each fire draws a random 6-digit OTP.
   */
  verifyOtp?: string;
  /** How long an issued OTP is valid; 10 minutes by default. */
  verifyValidityMs?: number;
  /** When false, print one line per API request on stderr. True by default. */
  quiet?: boolean;
  /**
   * Allowlist URLs that receive delivery reports for messages whose payload has a `callback`. Each
   * is verified with a `fyno_token` call before its first report.
   */
  webhooks?: WebhookEndpoint[];
  /** The workspace secret reports are signed with; `emu_webhook_secret_not_a_secret` by default. */
  webhookSecret?: string;
  /** Time between a channel's lifecycle steps (Processed → DELIVERED → READ); 250 ms by default. */
  webhookStepMs?: number;
  /** Retries of reports an endpoint did not answer with 2xx. */
  webhookRetry?: WebhookRetryOptions;
  /** The in-app integration and its Socket.IO server (CONTRACT.md §10). */
  inapp?: InappOptions;
  /**
   * More `Host` names that may reach the control routes (`/_emulator/*`), the inbox page and the
   * in-app server, e.g. `['emulator']` for `http://emulator:4010` in Docker; `['*']` allows any.
   * By default only `localhost` (and `*.localhost`), `127.0.0.1`, `[::1]` and the address the
   * request arrived on pass: others get 403, so a web page cannot reach them through DNS
   * rebinding. The API (`/v1/…`) accepts any Host.
   */
  allowHosts?: string[];
}

/** Options of `startEmulator()`: the emulator's options plus where to listen. */
export interface StartEmulatorOptions extends EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; `127.0.0.1` by default. */
  host?: string;
}
