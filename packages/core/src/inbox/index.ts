/**
 * @fyno-kit/core/inbox: the headless in-app inbox for browsers (and edge runtimes), no framework.
 * It connects to Fyno's in-app server with a session from the app's session route.
 */
export { createInbox, IDLE_INBOX_STATE, type Inbox, type InboxOptions, type InboxState, type InboxStatus } from './inbox';
export { InboxError, type InboxErrorCode } from './errors';
export { fetchSession } from './session';
export type {
  InappButton,
  InappContent,
  InappDeliverStatus,
  InappFlag,
  InappMessage,
  InappMessagesState,
  InboxSession,
} from './types';
