/**
 * Profiles per version (live and test never share one), plus the channel helpers that turn a
 * profile's channel data into destinations when an event names its distinct_id.
 */
import { randomUUID } from 'node:crypto';
import { isPlainObject } from './respond.js';
import type { ProfileChannels, ProfileInput, ProfileToken, ProfilesOption, Version } from './types.js';

/** A profile as the emulator keeps it. */
export interface StoredProfile {
  distinct_id: string;
  name: string | null;
  status: 0 | 1;
  timezone: string | null;
  channel: ProfileChannels;
  properties: Record<string, unknown>;
  id_list: string[];
  profile_id: string;
  created_at: string;
  updated_at: string;
}

/** Live and test profile maps keyed by distinct_id. */
export type ProfileMaps = Record<Version, Map<string, StoredProfile>>;

/** Empty live and test maps, filled from the `profiles` option. */
export function createProfileMaps(seed: ProfilesOption | undefined): ProfileMaps {
  const maps: ProfileMaps = { live: new Map(), test: new Map() };
  if (!seed) return maps;
  const keys = Object.keys(seed);
  const versioned = keys.length > 0 && keys.every((k) => k === 'live' || k === 'test');
  const byVersion = (versioned ? seed : { live: seed }) as Partial<Record<Version, Record<string, ProfileInput>>>;
  for (const version of ['live', 'test'] as const) {
    for (const [id, input] of Object.entries(byVersion[version] ?? {})) {
      maps[version].set(id, newProfile(id, input));
    }
  }
  return maps;
}

/** A fresh stored profile from P1-style input (channel input is assumed valid). */
export function newProfile(distinctId: string, input: ProfileInput): StoredProfile {
  const now = new Date().toISOString();
  return {
    distinct_id: distinctId,
    name: input.name ?? null,
    status: input.status ?? 1,
    timezone: input.timezone ?? null,
    channel: normalizeChannels(input.channel ?? {}),
    properties: { ...(input.properties ?? {}) },
    id_list: [distinctId],
    profile_id: randomUUID(),
    created_at: now,
    updated_at: now,
  };
}

/** Channels that hold one destination string (CONTRACT.md §4). */
const SINGLE_VALUE_CHANNELS = new Set(['sms', 'whatsapp', 'voice', 'email', 'slack', 'discord', 'teams']);
/** Channels that hold a list of tokens; `webpush` is what Fyno's web SDK stores (CONTRACT.md §4). */
const TOKEN_CHANNELS = new Set(['push', 'inapp', 'webpush']);
const CHANNEL_NAMES = [...SINGLE_VALUE_CHANNELS, ...TOKEN_CHANNELS].join(', ');

/**
 * Check a `channel` object from a request against Fyno's profile schema: a string for each
 * single-value channel, a list of `{token, integration_id?, status?}` for each token channel
 * (a bare token string is also taken), and no other keys. Returns an error message or null.
 */
export function channelError(channel: unknown): string | null {
  if (!isPlainObject(channel)) return "'channel' must be an object";
  for (const [name, value] of Object.entries(channel)) {
    if (SINGLE_VALUE_CHANNELS.has(name)) {
      if (typeof value !== 'string') return `'channel.${name}' must be a string`;
    } else if (TOKEN_CHANNELS.has(name)) {
      const problem = tokensError(name, value);
      if (problem) return problem;
    } else {
      return `'channel.${name}' is not a channel; the channels are ${CHANNEL_NAMES}`;
    }
  }
  return null;
}

function tokensError(name: string, value: unknown): string | null {
  if (!Array.isArray(value)) return `'channel.${name}' must be an array of {token} objects`;
  for (let i = 0; i < value.length; i++) {
    const t: unknown = value[i];
    if (typeof t === 'string') continue;
    if (!isPlainObject(t) || typeof t.token !== 'string') {
      return `'channel.${name}' must be an array of {token} objects`;
    }
    const { integration_id: integrationId, status } = t;
    if (integrationId !== undefined && integrationId !== null && typeof integrationId !== 'string') {
      return `'channel.${name}[${i}].integration_id' must be a string`;
    }
    if (status !== undefined && status !== null && status !== 0 && status !== 1) {
      return `'channel.${name}[${i}].status' must be 0 or 1`;
    }
  }
  return null;
}

/** Copy channel input into stored form: token arrays become `{token, integration_id, status}`. */
export function normalizeChannels(channel: Record<string, unknown>): ProfileChannels {
  const out: ProfileChannels = {};
  for (const [name, value] of Object.entries(channel)) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.map(toToken);
  }
  return out;
}

function toToken(value: unknown): ProfileToken {
  if (typeof value === 'string') return { token: value, integration_id: null, status: 1 };
  const t = value as ProfileToken;
  return { token: t.token, integration_id: t.integration_id ?? null, status: t.status ?? 1 };
}

/**
 * Destinations a profile offers: single-value channels as they are, token channels as their
 * first active token (status 0 tokens are skipped); empty channels give nothing.
 */
export function profileDestinations(channel: ProfileChannels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in channel) {
    const value = channel[name];
    if (typeof value === 'string') {
      if (value !== '') out[name] = value;
    } else if (Array.isArray(value)) {
      const active = value.find((t) => t.status !== 0);
      if (active) out[name] = active.token;
    }
  }
  return out;
}

/** True when a channel holds data (a non-empty string or a non-empty token list). */
export function hasChannelData(value: string | ProfileToken[] | undefined): boolean {
  return typeof value === 'string' ? value !== '' : Array.isArray(value) && value.length > 0;
}

/** The P2 (GET profile) response shape. */
export function profileView(p: StoredProfile, version: Version): Record<string, unknown> {
  return {
    distinct_id: p.distinct_id,
    name: p.name,
    status: p.status,
    timezone: p.timezone,
    timezone_offset: timezoneOffset(p.timezone),
    country_code: null,
    created_at: p.created_at,
    updated_at: p.updated_at,
    channel: p.channel,
    channel_raw: p.channel,
    properties: p.properties,
    id_list: p.id_list,
    profile_id: p.profile_id,
    version,
  };
}

function timezoneOffset(timezone: string | null): string | null {
  if (!timezone) return null;
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' })
      .formatToParts(new Date())
      .find((x) => x.type === 'timeZoneName');
    const offset = part?.value.replace('GMT', '') ?? '';
    return offset === '' ? '+00:00' : offset;
  } catch {
    return null;
  }
}
