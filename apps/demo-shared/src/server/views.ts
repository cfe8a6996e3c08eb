/** The JSON the page reads from /api/session and /api/inbox, the same from every demo server. */
import type { Emulator } from '@fyno-kit/emulator';
import type { DeliveryStage } from './delivery';
import { DEMO_USERS, type DemoUser } from './users';

/** The events the page fires (the emulator knows only these). */
export const DEMO_EVENTS = ['order_shipped', 'password_reset', 'new_message'] as const;

/** Where notifications go: the built-in emulator, or Fyno itself. */
export type DemoMode = 'emulator' | 'fyno';

/**
 * Body of GET /api/session. `inapp`: the server mounts the in-app session route (the built-in
 * emulator always; Fyno when FYNO_INAPP_INTEGRATION_ID and FYNO_INAPP_TOKEN are set), so the page
 * shows the bell.
 */
export function sessionView(user: DemoUser | undefined, mode: DemoMode, inapp = false) {
  return {
    mode,
    inapp,
    user: user ? { id: user.id, name: user.name } : null,
    users: DEMO_USERS.map((u) => ({ id: u.id, name: u.name })),
    events: DEMO_EVENTS,
  };
}

/**
 * Body of GET /api/inbox: the last 50 messages the emulator received for `user`, newest first. With
 * `stageOf` (the delivery-report book), each message also carries its stage per channel.
 */
export function inboxView(emulator: Emulator | undefined, user: DemoUser, mode: DemoMode, stageOf?: (msgId: string) => DeliveryStage) {
  const messages = (emulator?.messages({ distinct_id: user.id }) ?? [])
    .slice(-50)
    .reverse()
    .map((m) => ({
      id: m.id,
      event: m.event,
      channels: m.channels,
      data: m.data ?? null,
      received_at: m.received_at,
      // Each channel's stage, when the demo receives delivery reports (absent when it receives none).
      delivery: stageOf
        ? (Object.fromEntries(Object.entries(m.msg_id).map(([channel, msgId]) => [channel, stageOf(msgId)])) as Record<string, DeliveryStage>)
        : undefined,
    }));
  return { mode, messages };
}

export type SessionView = ReturnType<typeof sessionView>;
export type InboxView = ReturnType<typeof inboxView>;
