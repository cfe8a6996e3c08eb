/** The JSON the page reads from /api/session and /api/inbox, the same from every demo server. */
import type { Emulator } from '@fyno-kit/emulator';
import type { DeliveryStage } from './delivery';
import { DEMO_USERS, type DemoUser } from './users';

/** The events the page fires (the emulator knows only these). */
export const DEMO_EVENTS = ['order_shipped', 'password_reset', 'new_message'] as const;

/** What the demos' emulator knows: the page's events, and the sign-in code the server sends. */
export const EMULATOR_EVENTS = [...DEMO_EVENTS, 'login_code'];

/** Events whose template carries Fyno's OTP (`{{$fyno.$otp}}`): the emulator issues one per fire. */
export const VERIFY_EVENTS = ['login_code'];

/** Where notifications go: the built-in emulator, or Fyno itself. */
export type DemoMode = 'emulator' | 'fyno';

/** What the host serves besides the notify route, so the shared page shows only what works there. */
export interface DemoFeatures {
  /** The preferences route at `/api/fyno/preferences`: the "Notification settings" panel. */
  preferences?: boolean;
  /** `/api/code-sign-in` (`CodeSignIn`): "Sign in with a code". */
  codeSignIn?: boolean;
}

/**
 * Body of GET /api/session. `inapp`: the server mounts the in-app session route (the built-in
 * emulator always; Fyno when FYNO_INAPP_INTEGRATION_ID and FYNO_INAPP_TOKEN are set), so the page
 * shows the bell.
 */
export function sessionView(user: DemoUser | undefined, mode: DemoMode, inapp = false, features: DemoFeatures = {}) {
  return {
    mode,
    inapp,
    features: { preferences: !!features.preferences, codeSignIn: !!features.codeSignIn },
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
      // Channels the emulator did not send, and why (the user's preferences, the suppression list).
      skipped: m.skipped ?? {},
      // Each channel's stage, when the demo receives delivery reports (absent when it receives none).
      delivery: stageOf
        ? (Object.fromEntries(Object.entries(m.msg_id).map(([channel, msgId]) => [channel, stageOf(msgId)])) as Record<string, DeliveryStage>)
        : undefined,
    }));
  return { mode, messages };
}

export type SessionView = ReturnType<typeof sessionView>;
export type InboxView = ReturnType<typeof inboxView>;
