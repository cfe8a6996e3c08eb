/**
 * In-memory stores for accepted messages and the API request log. Messages notify listeners (the
 * SSE stream) as they arrive; the request log is capped so a long run cannot exhaust memory.
 */
import { RingBuffer } from './ring-buffer.js';
import type { MessageFilter, MessageRecord, RequestLogEntry } from './types.js';

/** Every accepted message, in arrival order, with change listeners. */
export class MessageStore {
  private readonly items: MessageRecord[] = [];
  private readonly listeners = new Set<(event: 'message' | 'clear', record?: MessageRecord) => void>();

  /** Store a message and tell the listeners. */
  add(record: MessageRecord): void {
    this.items.push(record);
    for (const listener of this.listeners) listener('message', record);
  }

  /** Messages oldest first that match every field of `filter`. */
  list(filter?: MessageFilter): MessageRecord[] {
    if (!filter) return this.items.slice();
    const { distinct_id, event, version, request_id } = filter;
    return this.items.filter(
      (m) =>
        (distinct_id === undefined || m.distinct_id === distinct_id) &&
        (event === undefined || m.event === event) &&
        (version === undefined || m.version === version) &&
        (request_id === undefined || m.request_id === request_id),
    );
  }

  /** Number of stored messages. */
  get size(): number {
    return this.items.length;
  }

  /** Drop every message. */
  clear(): void {
    this.items.length = 0;
    for (const listener of this.listeners) listener('clear');
  }

  /** Subscribe to new messages and clears; returns the unsubscribe function. */
  subscribe(listener: (event: 'message' | 'clear', record?: MessageRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The capped log of API requests. */
export class RequestLog {
  private readonly entries: RingBuffer<RequestLogEntry>;

  /** @param maxEntries Most entries kept; the oldest are dropped. */
  constructor(maxEntries: number) {
    this.entries = new RingBuffer(maxEntries);
  }

  private readonly refusedListeners = new Set<(entry: RequestLogEntry) => void>();

  /** Record a request; the entry is updated in place once its status is known. */
  add(entry: RequestLogEntry): RequestLogEntry {
    this.entries.push(entry);
    return entry;
  }

  /** Tell listeners a logged request was refused (its `reason` is set); the inbox page shows it live. */
  refused(entry: RequestLogEntry): void {
    for (const listener of this.refusedListeners) listener(entry);
  }

  /** Be told of every refused request; returns the unsubscribe function. */
  onRefused(listener: (entry: RequestLogEntry) => void): () => void {
    this.refusedListeners.add(listener);
    return () => this.refusedListeners.delete(listener);
  }

  /** The latest `max` refused requests, newest first. */
  latestRefused(max: number): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    const all = this.entries.toArray();
    for (let i = all.length - 1; i >= 0 && out.length < max; i--) {
      const entry = all[i]!;
      if (entry.reason !== undefined) out.push({ ...entry });
    }
    return out;
  }

  /** A snapshot copy of the log, oldest first. */
  list(): RequestLogEntry[] {
    return this.entries.toArray().map((e) => ({ ...e }));
  }

  /** Drop every entry. */
  clear(): void {
    this.entries.clear();
  }
}
