/** The JSON the page reads from /api/session and /api/inbox, shared by the Express and Nest demos. */
import type { Emulator } from '@fyno-kit/emulator';
import { DEMO_USERS, type DemoUser } from './users';

/** The events the page fires (the emulator knows only these). */
export const DEMO_EVENTS = ['order_shipped', 'password_reset', 'new_message'] as const;

/** Where notifications go: the built-in emulator, or Fyno itself. */
export type DemoMode = 'emulator' | 'fyno';

/** Body of GET /api/session. */
export function sessionView(user: DemoUser | undefined, mode: DemoMode) {
  return {
    mode,
    user: user ? { id: user.id, name: user.name } : null,
    users: DEMO_USERS.map((u) => ({ id: u.id, name: u.name })),
    events: DEMO_EVENTS,
  };
}

/**
 * Body of GET /api/inbox: the last 50 messages the emulator received for `user`, newest first. With
 * `stageOf` (the delivery-report book), each message also carries its stage per channel.
 */
export function inboxView(emulator: Emulator | undefined, user: DemoUser, mode: DemoMode, stageOf?: (msgId: string) => string) {
  const messages = (emulator?.messages({ distinct_id: user.id }) ?? [])
    .slice(-50)
    .reverse()
    .map((m) => ({
      id: m.id,
      event: m.event,
      channels: m.channels,
      data: m.data ?? null,
      received_at: m.received_at,
      ...(stageOf ? { delivery: Object.fromEntries(Object.entries(m.msg_id).map(([channel, msgId]) => [channel, stageOf(msgId)])) } : {}),
    }));
  return { mode, messages };
}
