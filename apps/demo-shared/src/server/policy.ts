/**
 * The notify policy: the single definition of what the page may fire, for every demo. The page
 * imports its type only (`import type`), so event names and data shapes are checked at compile
 * time there too, and none of this (nor zod, nor the user list) reaches the browser.
 */
import { defineNotifyPolicy } from '@fyno-kit/core/server';
import { z } from 'zod';
import { type DemoRequest, sessionUser } from './session';

// Asks Fyno for delivery reports: custom_id names this notification, custom1 the user it went to.
const reportBack = ({ distinctId, event }: { distinctId: string; event: string }) => ({
  custom_id: `${event}:${crypto.randomUUID()}`,
  custom1: distinctId,
});

export const policy = defineNotifyPolicy({
  // The recipient is whoever is signed in; the browser never names one.
  identify: (request: DemoRequest) => sessionUser(request)?.id ?? null,
  events: {
    order_shipped: {
      data: z.object({ order: z.string().trim().min(1).max(40) }).strict(),
      to: ({ request }: { request: DemoRequest }) => {
        const user = sessionUser(request)!;
        return { email: user.email, sms: user.phone };
      },
      callback: reportBack,
    },
    password_reset: {
      data: z.object({}).strict().optional(),
      to: ({ request }: { request: DemoRequest }) => ({ email: sessionUser(request)!.email }),
      callback: reportBack,
    },
    new_message: {
      data: z.object({ from: z.string().min(1).max(40), text: z.string().min(1).max(280) }).strict(),
      to: ({ request }: { request: DemoRequest }) => {
        const user = sessionUser(request)!;
        return { inapp: user.id, push: user.pushToken };
      },
      callback: reportBack,
    },
  },
  rateLimit: { limit: 30, windowMs: 60_000 },
});

/** The policy's type, for `useNotify<DemoPolicy>()` in the page. */
export type DemoPolicy = typeof policy;
