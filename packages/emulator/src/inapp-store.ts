/**
 * The in-app inboxes: one per user id (the in-app token), filled from accepted fires whose
 * `to.inapp` or profile `inapp` token names the user, and changed by the socket events of
 * CONTRACT.md §10. Every change is announced to listeners as the event the user's sockets get.
 */
import { randomBytes } from 'node:crypto';
import { inappContent } from './inapp-content.js';
import type { InappDeliverStatus, InappRecord, InappWireMessage } from './inapp-types.js';
import type { ProfileMaps } from './profiles-store.js';
import type { MessageRecord, Version } from './types.js';

/** Fyno's clients page 20 at a time (CONTRACT.md §10.3). */
export const INAPP_PAGE_SIZE = 20;

/** A server→client event for every socket of one user. */
export type InappEmit = (userId: string, event: string, payload?: unknown) => void;

/** The `messages:state` payload. */
export interface MessagesState {
  filter: 'all' | 'unread';
  page: number;
  messages: { messages: InappWireMessage[]; total: number; unread: number; unreadCount: number };
}

interface UserInbox {
  /** Oldest first, deleted ones included (soft delete, shown as such on the inbox page). */
  records: InappRecord[];
  byId: Map<string, InappRecord>;
  /** When the user last opened the inbox (`updateLastSeen`), epoch ms; 0 = never. */
  lastSeenAtMs: number;
}

/** What the store needs to know about the emulator it lives in. */
export interface InappStoreConfig {
  workspaceId: string;
  integrationId: string;
  versions: ReadonlySet<Version>;
  profiles: ProfileMaps;
}

let idCounter = randomBytes(3).readUIntBE(0, 3);
const processBytes = randomBytes(5).toString('hex');

/** A 24-hex id shaped like a Mongo ObjectId, as Fyno's `_id` values look (CONTRACT.md §10.4). */
function objectId(nowMs: number): string {
  idCounter = (idCounter + 1) & 0xffffff;
  return (
    Math.floor(nowMs / 1000)
      .toString(16)
      .padStart(8, '0') +
    processBytes +
    idCounter.toString(16).padStart(6, '0')
  );
}

/** Every user's in-app inbox. */
export class InappStore {
  private readonly inboxes = new Map<string, UserInbox>();
  private readonly listeners = new Set<InappEmit>();

  constructor(private readonly config: InappStoreConfig) {}

  /** Listen to the events the store wants sent to a user's sockets; returns the unsubscribe. */
  onEmit(listener: InappEmit): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The in-app tokens an accepted message reaches (empty when it has no in-app channel). */
  recipients(record: MessageRecord): string[] {
    if (!this.config.versions.has(record.version)) return [];
    const destination = record.channels.inapp;
    if (destination === undefined) return [];
    // `to.inapp` wins over the profile, as it does for every channel.
    if (record.to?.inapp !== undefined) return [destination];
    const profile = record.distinct_id === undefined ? undefined : this.config.profiles[record.version].get(record.distinct_id);
    const tokens = profile?.channel.inapp;
    if (!Array.isArray(tokens)) return [destination];
    const mine = tokens.filter(
      (t) => t.status !== 0 && (t.integration_id === null || t.integration_id === undefined || t.integration_id === this.config.integrationId),
    );
    return [...new Set(mine.map((t) => t.token))];
  }

  /** Deliver an accepted message to every in-app token it names. */
  deliver(record: MessageRecord): void {
    for (const userId of this.recipients(record)) this.add(userId, record);
  }

  private add(userId: string, source: MessageRecord): void {
    const inbox = this.inbox(userId);
    const nowMs = Date.now();
    const iso = new Date(nowMs).toISOString();
    const _id = objectId(nowMs);
    const content = inappContent(source.event, source.data);
    // A new message with the tag of a live one replaces it (CONTRACT.md §10.5, U7).
    if (content.tag !== undefined) {
      for (const old of inbox.records) {
        if (!old.deleted && old.message.notification_content.tag === content.tag) {
          old.deleted = true;
          this.emit(userId, 'tag:updated', old.message._id);
        }
      }
    }
    if (content.notify_tag_update === undefined && content.tag !== undefined) content.notify_tag_update = true;
    const message: InappWireMessage = {
      _id,
      to: userId,
      ws_id: this.config.workspaceId,
      campaign_id: source.request_id,
      isRead: false,
      status: [{ messageId: _id, status: 'SENT', to: userId, ws_id: this.config.workspaceId, timestamp: nowMs }],
      createdAt: iso,
      updatedAt: iso,
      notification_settings: { priority: 5 },
      notification_content: content,
    };
    const record: InappRecord = {
      message,
      deleted: false,
      sourceId: source.id,
      event: source.event,
      version: source.version,
    };
    inbox.records.push(record);
    inbox.byId.set(_id, record);
    this.emit(userId, 'message', message);
    this.emit(userId, 'lastSeenUpdated', false);
  }

  /** One page of `filter`, newest first; `page` in the answer is the next one to ask for. */
  page(userId: string, filter: 'all' | 'unread', page: number): MessagesState {
    const live = this.live(userId);
    const listed = filter === 'unread' ? live.filter((r) => !r.message.isRead) : live;
    const start = (page - 1) * INAPP_PAGE_SIZE;
    const unread = live.reduce((n, r) => (r.message.isRead ? n : n + 1), 0);
    return {
      filter,
      page: page + 1,
      messages: {
        messages: listed.slice(start, start + INAPP_PAGE_SIZE).map((r) => r.message),
        total: live.length,
        unread,
        unreadCount: unread,
      },
    };
  }

  /** `message:recieved`: record delivery once; nothing is sent back. */
  received(userId: string, messageId: unknown): void {
    const record = this.find(userId, messageId);
    if (!record || record.message.status.some((s) => s.status === 'DELIVERED')) return;
    record.message.status.push(this.status(userId, record, 'DELIVERED'));
  }

  /** `message:read`: mark read and tell every tab; an unknown or already read id changes nothing. */
  read(userId: string, messageId: unknown): void {
    const record = this.find(userId, messageId);
    if (!record || record.message.isRead) return;
    record.message.isRead = true;
    const status = this.status(userId, record, 'READ');
    record.message.status.push(status);
    this.emit(userId, 'statusUpdated', status);
  }

  /** `message:deleted`: soft-delete and tell every tab, with whether it had been read. */
  remove(userId: string, messageId: unknown): void {
    const record = this.find(userId, messageId);
    if (!record) return;
    record.deleted = true;
    const status = this.status(userId, record, 'DELETED');
    record.message.status.push(status);
    this.emit(userId, 'statusUpdated', status);
  }

  /** `markAll:read`: every live message read, then the fresh first page to every tab. */
  readAll(userId: string): void {
    for (const record of this.live(userId)) {
      if (record.message.isRead) continue;
      record.message.isRead = true;
      record.message.status.push(this.status(userId, record, 'READ'));
    }
    this.emit(userId, 'messages:state', this.page(userId, 'all', 1));
  }

  /** `markAll:delete`: every live message deleted, then the (empty) first page to every tab. */
  removeAll(userId: string): void {
    for (const record of this.live(userId)) {
      record.deleted = true;
      record.message.status.push(this.status(userId, record, 'DELETED'));
    }
    this.emit(userId, 'messages:state', this.page(userId, 'all', 1));
  }

  /** `updateLastSeen`: the bell is seen, in every tab. */
  seen(userId: string): void {
    this.inbox(userId).lastSeenAtMs = Date.now();
    this.emit(userId, 'lastSeenUpdated', true);
  }

  /** True when nothing arrived since the user last opened the inbox. */
  isSeen(userId: string): boolean {
    const inbox = this.inboxes.get(userId);
    if (!inbox) return true;
    const newest = this.live(userId)[0];
    return newest === undefined || inbox.lastSeenAtMs >= Date.parse(newest.message.createdAt);
  }

  /** Every stored in-app message of every user (deleted ones included), oldest first. */
  all(): InappRecord[] {
    const out: InappRecord[] = [];
    for (const inbox of this.inboxes.values()) out.push(...inbox.records);
    return out.sort((a, b) => a.message.createdAt.localeCompare(b.message.createdAt));
  }

  /** The stored in-app messages of one user, oldest first, deleted ones included. */
  of(userId: string): InappRecord[] {
    return this.inboxes.get(userId)?.records.slice() ?? [];
  }

  /** The in-app record made from an accepted API message, by that message's id. */
  bySource(sourceId: string): InappRecord[] {
    return this.all().filter((r) => r.sourceId === sourceId);
  }

  /** Forget every inbox. */
  clear(): void {
    this.inboxes.clear();
  }

  /** The user's non-deleted messages, newest first. */
  private live(userId: string): InappRecord[] {
    const records = this.inboxes.get(userId)?.records ?? [];
    const out: InappRecord[] = [];
    for (let i = records.length - 1; i >= 0; i--) {
      const r = records[i] as InappRecord;
      if (!r.deleted) out.push(r);
    }
    return out;
  }

  private find(userId: string, messageId: unknown): InappRecord | undefined {
    if (typeof messageId !== 'string') return undefined;
    const record = this.inboxes.get(userId)?.byId.get(messageId);
    return record && !record.deleted ? record : undefined;
  }

  private status(userId: string, record: InappRecord, status: string): InappDeliverStatus {
    return {
      messageId: record.message._id,
      status,
      isRead: record.message.isRead,
      to: userId,
      ws_id: this.config.workspaceId,
      timestamp: Date.now(),
    };
  }

  private inbox(userId: string): UserInbox {
    let inbox = this.inboxes.get(userId);
    if (!inbox) {
      inbox = { records: [], byId: new Map(), lastSeenAtMs: 0 };
      this.inboxes.set(userId, inbox);
    }
    return inbox;
  }

  private emit(userId: string, event: string, payload?: unknown): void {
    for (const listener of this.listeners) listener(userId, event, payload);
  }
}
