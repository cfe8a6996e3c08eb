/**
 * The preferences policy: what the "Notification settings" panel shows and may change, for every
 * demo. The emulator's default topics: "Order updates" (`SORDERS001`, linked to `order_shipped`,
 * email and sms on) and "Security" (`SSECURITY1`, `login_code` and `password_reset`, email required).
 */
import { definePreferencesPolicy } from '@fyno-kit/core/server';
import { type DemoRequest, sessionUser } from './session';

export const preferencesPolicy = definePreferencesPolicy<DemoRequest>()({
  // As for notify: the user is whoever is signed in; the browser never names one.
  identify: (request) => sessionUser(request)?.id ?? null,
  topics: { SORDERS001: { channels: ['email', 'sms'] }, SSECURITY1: { channels: ['email'] } },
  global: ['email', 'sms'],
});
