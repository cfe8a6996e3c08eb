/**
 * The in-app wire types are written twice: here (what the client reads) and in the emulator (what
 * it sends). The emulator cannot import them: it must not depend on core, whose tests depend on it
 * (the workspace graph would be a cycle). This test keeps the two from drifting: whatever the
 * emulator sends must type-check as what the client reads, field by field.
 */
import type { InappContent as SentContent, InappDeliverStatus as SentStatus, InappWireMessage } from '@fyno-kit/emulator';
import { expectTypeOf, test } from 'vitest';
import type { InappContent, InappDeliverStatus, InappMessage } from '../src/inbox/types';

test("the emulator's messages are the client's messages", () => {
  expectTypeOf<InappWireMessage>().toMatchTypeOf<InappMessage>();
  expectTypeOf<SentContent>().toMatchTypeOf<InappContent>();
  expectTypeOf<SentStatus>().toMatchTypeOf<InappDeliverStatus>();
  // And back: every field the client reads is one the emulator can send.
  expectTypeOf<keyof InappMessage>().toEqualTypeOf<keyof InappWireMessage>();
  expectTypeOf<keyof InappContent>().toEqualTypeOf<keyof SentContent>();
  expectTypeOf<keyof InappDeliverStatus>().toEqualTypeOf<keyof SentStatus>();
});
