/**
 * The notify policy: the single definition of what the page may fire. Server-only: the route
 * imports it, and the client component imports its *type* only (`import type`), so none of this
 * file (nor zod, nor the user list) reaches the browser.
 */
import { defineNotifyPolicy } from '@fyno-kit/core/server';
import { z } from 'zod';
import { sessionUser } from './session';

export const policy = defineNotifyPolicy({
  // The recipient is whoever is signed in; the browser never names one.
  identify: (request: Request) => sessionUser(request)?.id ?? null,
  events: {
    order_shipped: {
      data: z.object({ order: z.string().trim().min(1).max(40) }).strict(),
      to: ({ request }: { request: Request }) => {
        const user = sessionUser(request)!;
        return { email: user.email, sms: user.phone };
      },
    },
    password_reset: {
      data: z.object({}).strict().optional(),
      to: ({ request }: { request: Request }) => ({ email: sessionUser(request)!.email }),
    },
    new_message: {
      data: z.object({ from: z.string().min(1).max(40), text: z.string().min(1).max(280) }).strict(),
      to: ({ request }: { request: Request }) => {
        const user = sessionUser(request)!;
        return { inapp: user.id, push: user.pushToken };
      },
    },
  },
  rateLimit: { limit: 30, windowMs: 60_000 },
});

/** The policy's type, for `useNotify<DemoPolicy>()` in client components. */
export type DemoPolicy = typeof policy;
