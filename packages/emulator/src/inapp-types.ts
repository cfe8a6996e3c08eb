/**
 * The in-app wire shapes (CONTRACT.md §10), written here rather than imported so the emulator
 * never depends on the client it exists to check (core's tests depend on the emulator, so the
 * other way round would be a cycle). core's `test/inbox-wire-types.test-d.ts` checks that these
 * type-check as the client's own types, so the two cannot drift apart.
 */

/** A flag as the emulator sends it: Fyno sends `'true'` / `'false'` as strings. */
export type InappWireFlag = 'true' | 'false';

/** One entry of a message's `status[]` history, and the `statusUpdated` payload. */
export interface InappDeliverStatus {
  messageId: string;
  status: string;
  isRead?: boolean;
  to?: string;
  ws_id?: string;
  timestamp?: number | null;
}

/** `notification_content` of an in-app message, as Fyno's clients read it. */
export interface InappContent {
  title?: string;
  body?: string;
  icon?: string;
  tag?: string;
  silent_message?: boolean;
  notify_tag_update?: boolean;
  additional_data?: unknown;
  action?: { href: string; sameTab?: InappWireFlag };
  buttons?: { label: string; action?: string; primary?: InappWireFlag; sameTab?: InappWireFlag }[];
  attachments?: { type: string; attachment: string };
}

/** An in-app message as the server sends it (`message`, `messages:state`). */
export interface InappWireMessage {
  _id: string;
  to: string;
  ws_id: string;
  campaign_id?: string;
  isRead: boolean;
  status: InappDeliverStatus[];
  createdAt: string;
  updatedAt: string;
  notification_settings: { ttl?: number; retention?: number; priority?: 0 | 5 | 10 };
  notification_content: InappContent;
  additional_data?: unknown;
}

/** A stored in-app message: the wire object plus what only the emulator knows. */
export interface InappRecord {
  message: InappWireMessage;
  deleted: boolean;
  /** The accepted API message it came from (`MessageRecord.id`). */
  sourceId: string;
  event: string;
  version: 'live' | 'test';
}

/** The in-app options of `createEmulator()` / `startEmulator()`. */
export interface InappOptions {
  /** The in-app integration id (`Integration_ID` in the handshake); `IEMULATORINAPP` by default. */
  integrationId?: string;
  /** The integration token that keys the signature; a fixed, non-secret local value by default. */
  integrationToken?: string;
  /** Port of the in-app Socket.IO server (`startEmulator` only); 0 (a free port) by default. */
  port?: number;
  /** The `connect_error` message for a refused handshake; `Authentication failed` by default. */
  rejectMessage?: string;
  /** Which versions' fires reach the inbox (Fyno's handshake names none); both by default. */
  versions?: ('live' | 'test')[];
  /** The version whose preference store `get:preference` / `set:preference` use; `live` by default. */
  preferenceVersion?: 'live' | 'test';
  /** `branding` sent in `connectionSuccess.config`; true by default. */
  branding?: boolean;
}
