/**
 * Fyno's in-app wire types (packages/emulator/CONTRACT.md §10), as Fyno's own clients read them.
 * Flags Fyno sends as strings (`'true'`/`'false'`) are typed as both, since older clients read them
 * as booleans.
 */

/** A flag Fyno sends as the string `'true'` / `'false'` (some clients send booleans). */
export type InappFlag = 'true' | 'false' | boolean;

/** One entry of a message's status history, and what `statusUpdated` carries. */
export interface InappDeliverStatus {
  messageId: string;
  /** `READ`, `DELETED`, or another delivery state (Fyno types it as any string). */
  status: 'READ' | 'DELETED' | (string & {});
  isRead?: boolean;
  to?: string;
  ws_id?: string;
  /** Epoch milliseconds; may be null on old messages. */
  timestamp?: number | null;
}

/** A button of an in-app message. */
export interface InappButton {
  label: string;
  /** The URL the button opens. */
  action?: string;
  primary?: InappFlag;
  sameTab?: InappFlag;
}

/** What an in-app message shows. */
export interface InappContent {
  title?: string;
  /** Plain text with WhatsApp-style markup (`*bold*`, `_italic_`, `~strike~`); escape before rendering as HTML. */
  body?: string;
  /** Icon URL. */
  icon?: string;
  /** Messages with the same tag replace each other. */
  tag?: string;
  /** True: no UI; the data is for the app (`additional_data`). */
  silent_message?: boolean;
  notify_tag_update?: boolean;
  additional_data?: unknown;
  /** Where a click goes; `'#'` means nowhere. */
  action?: { href: string; sameTab?: InappFlag };
  buttons?: InappButton[];
  /** An image, a video or a document (its type is the file extension). */
  attachments?: { type: 'Image' | 'Video' | 'Document' | (string & {}); attachment: string };
}

/** One in-app message. */
export interface InappMessage {
  _id: string;
  /** The in-app user id it was sent to. */
  to: string;
  ws_id: string;
  campaign_id?: string;
  isRead: boolean;
  status: InappDeliverStatus[];
  /** ISO-8601 UTC with milliseconds. */
  createdAt: string;
  updatedAt?: string;
  additional_data?: unknown;
  notification_settings?: { ttl?: number; retention?: number; priority?: 0 | 5 | 10 };
  notification_content: InappContent;
}

/** The `messages:state` payload: `page` is the next page to ask for. */
export interface InappMessagesState {
  filter: 'all' | 'unread';
  page: number;
  messages: { messages: InappMessage[]; total: number; unreadCount?: number; unread?: number };
}

/** What the session route gives the browser: everything needed to connect, never the token. */
export interface InboxSession {
  userId: string;
  workspaceId: string;
  integrationId: string;
  signature: string;
  /** Origin of the in-app server. */
  url: string;
}
