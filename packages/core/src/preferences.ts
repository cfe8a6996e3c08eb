/**
 * A user's subscription preferences (S1–S3, packages/emulator/CONTRACT.md §4.3). Every write sets
 * absolute values, so a repeat is harmless and retries are allowed.
 */
import { FynoValidationError } from './errors';
import { execute, type CallContext, type RequestOptions } from './request';
import type { PreferenceChanges, PreferenceChannel, PreferenceResponse, PreferenceStatus, PreferenceUpdateResult } from './types';

/** Every channel a preference can name, `webpush` included. */
export const PREFERENCE_CHANNELS: readonly PreferenceChannel[] = ['sms', 'whatsapp', 'email', 'discord', 'slack', 'teams', 'push', 'voice', 'inapp', 'webpush'];

/** Throws `FynoValidationError` unless `value` is a non-empty string. */
export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new FynoValidationError(`${field} must be a non-empty string`, field);
  return value;
}

function checkChoice(channel: unknown, status: unknown, at: string): void {
  if (!PREFERENCE_CHANNELS.includes(channel as PreferenceChannel)) throw new FynoValidationError(`${at}: unknown channel ${String(channel)}`, at);
  if (status !== 'opted-in' && status !== 'opted-out') throw new FynoValidationError(`${at}: status must be opted-in or opted-out`, at);
}

/** Preference calls, reached as `fyno.preferences`. */
export class Preferences {
  readonly #ctx: CallContext;

  /** @internal */
  constructor(ctx: CallContext) {
    this.#ctx = ctx;
  }

  /**
   * Every topic, by section, with what `distinctId` chose (S1). `eventList: true` also lists each
   * topic's events. A distinct_id with no Fyno profile → `FynoBadRequestError`.
   */
  get(distinctId: string, query?: { eventList?: boolean }, options?: RequestOptions): Promise<PreferenceResponse> {
    try {
      requireText(distinctId, 'distinct_id');
    } catch (error) {
      return Promise.reject(error);
    }
    const q = `distinct_id=${encodeURIComponent(distinctId)}${query?.eventList ? '&event_list=true' : ''}`;
    return execute(this.#ctx, { method: 'GET', path: '/subscriptions/preference', query: q, idempotent: true }, options);
  }

  /**
   * Changes several topics (or `all`, the global switch) at once (S2):
   * `{ SORDERS001: { email: 'opted-out' }, all: { sms: 'opted-out' } }`. A `required` channel does
   * not change. Answers each named topic's channel map after the change.
   */
  update(distinctId: string, changes: PreferenceChanges, options?: RequestOptions): Promise<PreferenceUpdateResult> {
    try {
      requireText(distinctId, 'distinct_id');
      if (typeof changes !== 'object' || changes === null || Object.keys(changes).length === 0) {
        throw new FynoValidationError('changes must name at least one topic or all', 'user_preference');
      }
      for (const topic in changes) {
        for (const [channel, status] of Object.entries(changes[topic] ?? {})) checkChoice(channel, status, `user_preference.${topic}`);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    const body = JSON.stringify({ user_preference: changes });
    return execute(
      this.#ctx,
      { method: 'PUT', path: '/subscriptions/preference', query: `distinct_id=${encodeURIComponent(distinctId)}`, body, idempotent: true },
      options,
    );
  }

  /** Sets one channel of one topic, or of every topic with `'all'` (S3). */
  set(
    subscriptionId: string,
    choice: { distinctId: string; channel: PreferenceChannel; status: PreferenceStatus },
    options?: RequestOptions,
  ): Promise<PreferenceUpdateResult> {
    try {
      requireText(subscriptionId, 'subscription_id');
      requireText(choice?.distinctId, 'distinct_id');
      checkChoice(choice.channel, choice.status, 'preference');
    } catch (error) {
      return Promise.reject(error);
    }
    const body = JSON.stringify({ distinct_id: choice.distinctId, channel: choice.channel, status: choice.status });
    return execute(this.#ctx, { method: 'POST', path: `/subscriptions/list/${encodeURIComponent(subscriptionId)}/user`, body, idempotent: true }, options);
  }
}
