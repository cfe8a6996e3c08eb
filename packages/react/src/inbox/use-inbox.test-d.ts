/** The message type is the contract's, end to end: wrong field use fails to compile. */
import { expectTypeOf, test } from 'vitest';
import { useInbox, type InappMessage, type InboxStatus } from './index';

test('useInbox result types', () => {
  type R = ReturnType<typeof useInbox>;
  expectTypeOf<R['messages']>().toEqualTypeOf<readonly InappMessage[]>();
  expectTypeOf<R['status']>().toEqualTypeOf<InboxStatus>();
  expectTypeOf<R['markRead']>().toEqualTypeOf<(messageId: string) => Promise<void>>();
  expectTypeOf<R['unreadCount']>().toBeNumber();
  expectTypeOf<R['error']>().toMatchTypeOf<{ code: string } | null>();
});

test('the message is fully typed from the contract', () => {
  type C = InappMessage['notification_content'];
  expectTypeOf<C['title']>().toEqualTypeOf<string | undefined>();
  expectTypeOf<NonNullable<C['buttons']>[number]['label']>().toBeString();
  expectTypeOf<NonNullable<C['action']>['href']>().toBeString();
  expectTypeOf<NonNullable<C['attachments']>['attachment']>().toBeString();
  expectTypeOf<C['silent_message']>().toEqualTypeOf<boolean | undefined>();
  expectTypeOf<InappMessage['isRead']>().toBeBoolean();
  expectTypeOf<InappMessage['createdAt']>().toBeString();
  // @ts-expect-error: no such field on a message
  type _Nope = InappMessage['notification_contents'];
});
