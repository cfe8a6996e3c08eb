/**
 * The suppression list (X1–X3, CONTRACT.md §4.4): per workspace, not per version, as Fyno's path
 * has no version segment. An entry names a user (`distinct_id`) or a destination on one channel.
 */
import { randomUUID } from 'node:crypto';

/** One suppression as X1 lists it. */
export interface Suppression {
  _id: string;
  destination: string | null;
  distinct_id: string | null;
  channel: string;
  description: string;
  /** ISO-8601 with an offset (`+00:00`), as Fyno writes it. */
  created_at: string;
  /** Never set through the API (it has no TTL field). */
  expiry_ts: string | null;
}

/** The channels the suppression list covers, per Fyno's docs. */
export const SUPPRESSION_CHANNELS = new Set(['sms', 'whatsapp', 'email', 'push', 'webpush', 'inapp', 'voice']);

const PHONE = /^\+?\d{8,15}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The X2 message for a destination that cannot belong to `channel`, or null when it can. */
export function invalidDestination(channel: string, destination: string): string | null {
  const ok =
    channel === 'email'
      ? EMAIL.test(destination)
      : channel === 'sms' || channel === 'whatsapp' || channel === 'voice'
        ? PHONE.test(destination.replace(/[\s-]/g, ''))
        : destination !== '';
  return ok ? null : `Invalid destination for channel ${channel}`;
}

/** The workspace's suppression list. */
export class SuppressionStore {
  readonly #items: Suppression[] = [];

  /** Every entry, oldest first (copies). */
  list(): Suppression[] {
    return this.#items.map((s) => ({ ...s }));
  }

  /** Add (or re-describe) the entry for this user or destination on `channel`. */
  add(entry: { distinct_id?: string; destination?: string; channel: string; description?: string }): Suppression {
    // `distinct_id` wins when both are given (Fyno's docs).
    const byUser = entry.distinct_id !== undefined;
    const existing = this.#items.find(
      (s) => s.channel === entry.channel && (byUser ? s.distinct_id === entry.distinct_id : s.distinct_id === null && s.destination === entry.destination),
    );
    if (existing) {
      if (entry.description !== undefined) existing.description = entry.description;
      return { ...existing };
    }
    const created: Suppression = {
      _id: randomUUID().replace(/-/g, '').slice(0, 24),
      destination: byUser ? null : (entry.destination ?? null),
      distinct_id: byUser ? (entry.distinct_id ?? null) : null,
      channel: entry.channel,
      description: entry.description ?? '',
      created_at: new Date().toISOString().replace('Z', '+00:00'),
      expiry_ts: null,
    };
    this.#items.push(created);
    return { ...created };
  }

  /** Remove by `_id`, else `distinct_id`, else `destination` (that precedence); returns how many. */
  remove(by: { _id?: string; distinct_id?: string; destination?: string }): number {
    const match =
      by._id !== undefined
        ? (s: Suppression) => s._id === by._id
        : by.distinct_id !== undefined
          ? (s: Suppression) => s.distinct_id === by.distinct_id
          : (s: Suppression) => s.destination === by.destination;
    let removed = 0;
    for (let i = this.#items.length - 1; i >= 0; i--) {
      if (match(this.#items[i] as Suppression)) {
        this.#items.splice(i, 1);
        removed++;
      }
    }
    return removed;
  }

  /** True when this user or this destination is suppressed on `channel`. */
  blocks(channel: string, distinctId: string | undefined, destination: string): boolean {
    return this.#items.some(
      (s) => s.channel === channel && ((distinctId !== undefined && s.distinct_id === distinctId) || (s.destination !== null && s.destination === destination)),
    );
  }

  /** Forget every entry. */
  clear(): void {
    this.#items.length = 0;
  }
}
