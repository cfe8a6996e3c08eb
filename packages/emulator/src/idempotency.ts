/**
 * Remembers the first response per Idempotency-Key so repeats get the same bytes back. Entries
 * are inserted in expiry order (the TTL is fixed), so expired ones are pruned from the front.
 */
import type { Reply } from './respond.js';

interface Entry {
  reply: Reply;
  expiresAtMs: number;
}

/** First-response store keyed by `<workspace> <version> <endpoint> <key>`. */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** @param ttlMs How long a key is remembered. */
  constructor(private readonly ttlMs: number) {}

  /** The stored reply for `scopedKey`, unless missing or expired. */
  get(scopedKey: string, nowMs: number): Reply | undefined {
    const entry = this.entries.get(scopedKey);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(scopedKey);
      return undefined;
    }
    return entry.reply;
  }

  /** Remember `reply` as the answer for `scopedKey`. */
  set(scopedKey: string, reply: Reply, nowMs: number): void {
    this.prune(nowMs);
    this.entries.set(scopedKey, { reply, expiresAtMs: nowMs + this.ttlMs });
  }

  /** Forget every key. */
  clear(): void {
    this.entries.clear();
  }

  private prune(nowMs: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAtMs > nowMs) return;
      this.entries.delete(key);
    }
  }
}
