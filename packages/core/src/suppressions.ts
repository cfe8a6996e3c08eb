/**
 * The workspace's suppression list (X1–X3, packages/emulator/CONTRACT.md §4.4), at `/v1/{WSID}`
 * with no version segment. Changes are never re-sent once they may have reached Fyno (no
 * idempotency is documented for them).
 */
import { FynoValidationError } from './errors';
import { requireText } from './preferences';
import { execute, type CallContext, type RequestOptions } from './request';
import type { FynoEnvelope, Suppression, SuppressionInput, SuppressionSelector } from './types';

/** Suppression-list calls, reached as `fyno.suppressions`. */
export class Suppressions {
  readonly #ctx: CallContext;

  /** @internal */
  constructor(ctx: CallContext) {
    this.#ctx = ctx;
  }

  /** Every entry of the list. */
  list(options?: RequestOptions): Promise<Suppression[]> {
    return execute(this.#ctx, { method: 'GET', path: '/suppressions', unversioned: true, idempotent: true }, options);
  }

  /** Stops sending on `channel` to a user (`distinct_id`) or to a destination. */
  add(entry: SuppressionInput, options?: RequestOptions): Promise<FynoEnvelope> {
    try {
      requireText(entry?.channel, 'channel');
      if (entry.distinct_id === undefined) requireText(entry.destination, 'destination');
      else requireText(entry.distinct_id, 'distinct_id');
    } catch (error) {
      return Promise.reject(error);
    }
    return execute(this.#ctx, { method: 'POST', path: '/suppressions', unversioned: true, body: JSON.stringify(entry), idempotent: false }, options);
  }

  /** Deletes the entries of one `_id`, `distinct_id` or `destination`. None matching → `FynoBadRequestError`. */
  remove(selector: SuppressionSelector, options?: RequestOptions): Promise<FynoEnvelope> {
    const keys = Object.keys(selector ?? {});
    const key = keys[0];
    if (keys.length !== 1 || (key !== '_id' && key !== 'distinct_id' && key !== 'destination')) {
      return Promise.reject(new FynoValidationError('name exactly one of _id, distinct_id or destination', 'suppression'));
    }
    try {
      requireText((selector as Record<string, unknown>)[key], key);
    } catch (error) {
      return Promise.reject(error);
    }
    const query = `${key}=${encodeURIComponent((selector as Record<string, string>)[key] as string)}`;
    return execute(this.#ctx, { method: 'DELETE', path: '/suppressions', unversioned: true, query, idempotent: false }, options);
  }
}
