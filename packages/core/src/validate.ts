/** Checks an event payload before any request is sent, so a bad call fails fast and costs nothing. */
import { FynoValidationError } from './errors';
import type { EventPayload } from './types';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws `FynoValidationError` unless `event` is a non-empty string. */
export function validateEventName(event: unknown): asserts event is string {
  if (typeof event !== 'string' || event.trim() === '') {
    throw new FynoValidationError('event must be a non-empty string', 'event');
  }
}

/** Throws `FynoValidationError` for a payload Fyno would reject; `at` prefixes field paths in bulk. */
export function validatePayload(payload: unknown, at = ''): asserts payload is EventPayload {
  if (!isPlainObject(payload)) throw new FynoValidationError(`${at || 'payload'} must be an object`, at || 'payload');
  const { to, distinct_id: distinctId, data, callback } = payload;
  if (distinctId !== undefined && (typeof distinctId !== 'string' || distinctId === '')) {
    throw new FynoValidationError(`${at}distinct_id must be a non-empty string`, `${at}distinct_id`);
  }
  if (to !== undefined) {
    if (!isPlainObject(to)) throw new FynoValidationError(`${at}to must be an object of channel → destination`, `${at}to`);
    for (const key of Object.keys(to)) {
      const value = to[key];
      if (value !== undefined && typeof value !== 'string') {
        throw new FynoValidationError(`${at}to.${key} must be a string (got ${Array.isArray(value) ? 'array' : typeof value})`, `${at}to.${key}`);
      }
    }
  }
  if (distinctId === undefined && (to === undefined || Object.keys(to as object).length === 0)) {
    throw new FynoValidationError(`${at}payload needs a distinct_id, a non-empty to, or both`, `${at}to`);
  }
  if (data !== undefined && !isPlainObject(data)) throw new FynoValidationError(`${at}data must be an object`, `${at}data`);
  if (callback !== undefined) {
    if (!isPlainObject(callback)) throw new FynoValidationError(`${at}callback must be an object`, `${at}callback`);
    const id = callback.custom_id;
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new FynoValidationError(`${at}callback.custom_id must be a string or a number`, `${at}callback.custom_id`);
    }
  }
}

// Fyno's profile channel schema: one string per single-value channel, token lists for the rest.
const STRING_CHANNELS = new Set(['sms', 'whatsapp', 'voice', 'email', 'slack', 'discord', 'teams']);
const TOKEN_CHANNELS = new Set(['push', 'inapp', 'webpush']);
const CHANNEL_NAMES = [...STRING_CHANNELS, ...TOKEN_CHANNELS].join(', ');

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Throws `FynoValidationError` for channel data Fyno's profile schema refuses; `at` prefixes field paths. */
export function validateChannels(channel: unknown, at = 'channel'): void {
  if (!isPlainObject(channel)) throw new FynoValidationError(`${at} must be an object of channel → destination`, at);
  for (const [key, value] of Object.entries(channel)) {
    const field = `${at}.${key}`;
    if (value === undefined) continue;
    if (STRING_CHANNELS.has(key)) {
      if (typeof value !== 'string' || value === '') {
        throw new FynoValidationError(`${field} must be a non-empty string (got ${kindOf(value)})`, field);
      }
    } else if (TOKEN_CHANNELS.has(key)) {
      if (!Array.isArray(value)) throw new FynoValidationError(`${field} must be an array of { token } (got ${kindOf(value)})`, field);
      value.forEach((item: unknown, i) => {
        const itemField = `${field}[${i}]`;
        if (!isPlainObject(item) || typeof item.token !== 'string' || item.token === '') {
          throw new FynoValidationError(`${itemField} must be { token: string, integration_id?, status? }`, `${itemField}.token`);
        }
        if (item.integration_id !== undefined && item.integration_id !== null && typeof item.integration_id !== 'string') {
          throw new FynoValidationError(`${itemField}.integration_id must be a string or null`, `${itemField}.integration_id`);
        }
        if (item.status !== undefined && item.status !== 0 && item.status !== 1) {
          throw new FynoValidationError(`${itemField}.status must be 0 or 1`, `${itemField}.status`);
        }
      });
    } else {
      throw new FynoValidationError(`${field} is not a profile channel (one of ${CHANNEL_NAMES})`, field);
    }
  }
}

/** Throws `FynoValidationError` for a profile body Fyno refuses; `requireId` for create. */
export function validateProfile(profile: unknown, requireId: boolean): void {
  if (!isPlainObject(profile)) throw new FynoValidationError('profile must be an object', 'profile');
  const { distinct_id: distinctId, name, status, timezone, channel } = profile;
  if ((requireId || distinctId !== undefined) && (typeof distinctId !== 'string' || distinctId === '')) {
    throw new FynoValidationError('distinct_id must be a non-empty string', 'distinct_id');
  }
  if (name !== undefined && typeof name !== 'string') throw new FynoValidationError(`name must be a string (got ${kindOf(name)})`, 'name');
  if (status !== undefined && status !== 0 && status !== 1) throw new FynoValidationError('status must be 0 or 1', 'status');
  if (timezone !== undefined && typeof timezone !== 'string') {
    throw new FynoValidationError(`timezone must be an IANA time zone name (got ${kindOf(timezone)})`, 'timezone');
  }
  if (channel !== undefined) validateChannels(channel);
}
