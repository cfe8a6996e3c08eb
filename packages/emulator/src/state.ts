/**
 * The state one emulator instance shares between its routes, and the context object a route
 * handler receives. Built once from the options by `createState`.
 */
import { randomBytes } from 'node:crypto';
import { FaultController } from './faults.js';
import { IdempotencyStore } from './idempotency.js';
import { PreferenceStore } from './preferences-store.js';
import { createProfileMaps, type ProfileMaps } from './profiles-store.js';
import { errorReply, type Reply } from './respond.js';
import { ReportSender } from './report-sender.js';
import { MessageStore, RequestLog } from './store.js';
import { SubscriptionTopics } from './subscription-topics.js';
import { SuppressionStore } from './suppressions-store.js';
import { VerifyStore } from './verify-store.js';
import type { EmulatorOptions, KeyScope, RequestLogEntry, Version } from './types.js';

/** The default workspace id. */
export const DEFAULT_WORKSPACE_ID = 'FYEMULATOR1';
/** The default key: fixed and obviously not a secret, so tests and docs can name it. */
// 31 characters: older releases of the official @fyno/node SDK refuse keys outside 25–60.
export const DEFAULT_API_KEY = 'emu_local_test_key_not_a_secret';
/** Fyno's documented bulk payload ceiling. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Everything the routes of one emulator share. */
export interface EmulatorState {
  workspaceId: string;
  apiKey: string;
  keys: Map<string, KeyScope>;
  /** Known events, or null when every event is accepted. */
  events: Set<string> | null;
  /** The channels of events that route to only some (event routing ∩ destinations). */
  eventChannels: Map<string, Set<string>>;
  profiles: ProfileMaps;
  /**
   * Subscription topics and what each user chose: the one store S1–S3, the fire-time decision and
   * the in-app socket's `get:preference` / `set:preference` share.
   */
  preferences: PreferenceStore;
  /** S1 for a user without a profile: Fyno's 400 (default) or the topics' defaults (§4 U10). */
  unknownPreferenceUser: 'error' | 'defaults';
  /** The suppression list (X1–X3), per workspace. */
  suppressions: SuppressionStore;
  /** OTPs of Verify events (V0/V1). */
  verify: VerifyStore;
  messages: MessageStore;
  requestLog: RequestLog;
  idempotency: IdempotencyStore;
  faults: FaultController;
  maxBodyBytes: number;
  quiet: boolean;
  /** Delivery reports: endpoints, the sender and its log. */
  reports: ReportSender;
  /** In-app sockets attached to a server (see `inappIntegration.attach`), for the control routes. */
  inappSockets: Set<{ disconnect(userId?: string): number }>;
}

/** One API call as a route handler sees it: everything it may read, in one object. */
export interface RouteContext {
  readonly state: EmulatorState;
  /** The route's contract row id (`E1`, `P3`, `U7`…; see CONTRACT.md §2). */
  readonly route: string;
  readonly version: Version;
  /** Decoded path parameters by the names in the route's pattern. */
  readonly params: Readonly<Record<string, string>>;
  /** The raw query string (without `?`). */
  readonly query: string;
  /** The raw body text (empty when none). */
  text: string;
  /** A body a framework already parsed (Express `json()`), used instead of `text`. */
  parsed?: unknown;
  readonly idempotencyKey: string | undefined;
  readonly entry: RequestLogEntry;
}

/** Build an emulator's state from its options. */
export function createState(options: EmulatorOptions): EmulatorState {
  const keys = new Map<string, KeyScope>();
  for (const k of options.keys ?? []) keys.set(k.key, k.scope ?? 'both');
  let apiKey = options.apiKey;
  if (apiKey === undefined && options.randomKey) apiKey = `emu_${randomBytes(16).toString('hex')}`;
  if (apiKey === undefined && keys.size === 0) apiKey = DEFAULT_API_KEY;
  if (apiKey !== undefined) keys.set(apiKey, 'both');
  const firstKey = options.keys?.[0]?.key ?? '';
  const faults = new FaultController();
  faults.set(options.faults);
  return {
    workspaceId: options.workspaceId ?? DEFAULT_WORKSPACE_ID,
    apiKey: apiKey ?? firstKey,
    keys,
    events: knownEvents(options.events),
    eventChannels: routedChannels(options.events),
    profiles: createProfileMaps(options.profiles),
    preferences: new PreferenceStore(new SubscriptionTopics(options.subscriptions)),
    unknownPreferenceUser: options.unknownPreferenceUser ?? 'error',
    suppressions: new SuppressionStore(),
    verify: new VerifyStore({ events: options.verifyEvents, fixedOtp: options.verifyOtp, validityMs: options.verifyValidityMs }),
    messages: new MessageStore(),
    requestLog: new RequestLog(options.maxRequestLog ?? 100_000),
    idempotency: new IdempotencyStore(options.idempotencyTtlMs ?? DAY_MS),
    faults,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    quiet: options.quiet ?? true,
    reports: new ReportSender(options),
    inappSockets: new Set(),
  };
}

/** A parsed JSON body, or the 400 reply explaining why there is none. */
export type BodyOutcome = { ok: true; value: unknown } | { ok: false; reply: Reply };

/** Parse the call's body once; an empty body parses as `undefined`. */
export function parseBody(call: RouteContext): BodyOutcome {
  if (call.parsed !== undefined) return { ok: true, value: call.parsed };
  if (call.text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(call.text) };
  } catch {
    return { ok: false, reply: errorReply(400, 'Request body is not valid JSON') };
  }
}

/** A handler that takes the parsed body; `withBody` answers the 400 for a body that is not JSON. */
export function withBody(handler: (call: RouteContext, body: unknown) => Reply): (call: RouteContext) => Reply {
  return (call) => {
    const parsed = parseBody(call);
    return parsed.ok ? handler(call, parsed.value) : parsed.reply;
  };
}

function knownEvents(events: EmulatorOptions['events']): Set<string> | null {
  if (events === undefined || events === '*') return null;
  return new Set(Array.isArray(events) ? events : Object.keys(events));
}

function routedChannels(events: EmulatorOptions['events']): Map<string, Set<string>> {
  const routed = new Map<string, Set<string>>();
  if (events === undefined || events === '*' || Array.isArray(events)) return routed;
  for (const [event, routing] of Object.entries(events)) {
    if (routing?.channels) routed.set(event, new Set(routing.channels));
  }
  return routed;
}
