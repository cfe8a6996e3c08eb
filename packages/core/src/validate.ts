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
// Kept small: this runs in browser bundles too.
const STRING_CHANNELS = ['sms', 'whatsapp', 'voice', 'email', 'slack', 'discord', 'teams'];
const TOKEN_CHANNELS = ['push', 'inapp', 'webpush'];

const refuse = (message: string, field: string): never => {
  throw new FynoValidationError(message, field);
};

/** Throws `FynoValidationError` for channel data Fyno's profile schema refuses. */
export function validateChannels(channel: unknown, at = 'channel'): void {
  if (!isPlainObject(channel)) refuse(`${at} must be an object`, at);
  for (const [key, value] of Object.entries(channel as object)) {
    const field = `${at}.${key}`;
    if (value === undefined) continue;
    if (STRING_CHANNELS.includes(key)) {
      if (typeof value !== 'string' || !value) refuse(`${field} must be a non-empty string`, field);
    } else if (!TOKEN_CHANNELS.includes(key)) {
      refuse(`${field} is not a profile channel`, field);
    } else if (!Array.isArray(value)) {
      refuse(`${field} must be an array of { token }`, field);
    } else {
      value.forEach((item: unknown, i) => {
        const f = `${field}[${i}]`;
        if (!isPlainObject(item) || typeof item.token !== 'string' || !item.token) refuse(`${f}.token must be a non-empty string`, `${f}.token`);
        const { status } = item as { status?: unknown };
        if (status !== undefined && status !== 0 && status !== 1) refuse(`${f}.status must be 0 or 1`, `${f}.status`);
      });
    }
  }
}

/** Throws `FynoValidationError` for a profile body Fyno refuses; `requireId` for create. */
export function validateProfile(profile: unknown, requireId: boolean): void {
  if (!isPlainObject(profile)) refuse('profile must be an object', 'profile');
  const { distinct_id: id, status, channel } = profile as Record<string, unknown>;
  if ((requireId || id !== undefined) && (typeof id !== 'string' || !id)) refuse('distinct_id must be a non-empty string', 'distinct_id');
  if (status !== undefined && status !== 0 && status !== 1) refuse('status must be 0 or 1', 'status');
  if (channel !== undefined) validateChannels(channel);
}
