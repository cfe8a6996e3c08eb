/**
 * @fyno-kit/react/inbox: `useInbox()` and its provider, on the headless inbox of
 * `@fyno-kit/core/inbox`. A separate entry, so `useNotify()` users never load the socket client.
 */
export { InboxProvider, type InboxProviderProps } from './inbox-provider';
export { useInbox, type UseInboxResult } from './use-inbox';
export { Inbox, type InboxProps } from './inbox-component';
export { InboxError } from '@fyno-kit/core/inbox';
export type {
  InappButton,
  InappContent,
  InappDeliverStatus,
  InappFlag,
  InappMessage,
  InboxErrorCode,
  InboxSession,
  InboxState,
  InboxStatus,
} from '@fyno-kit/core/inbox';
