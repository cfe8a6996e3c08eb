/**
 * The notify policy: the single definition of what the page may fire. The React page imports its
 * type only (`import type`), so event names and data shapes are checked at compile time there too.
 */
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { defineNotifyPolicy } from '@fyno-kit/core/server';
import { z } from 'zod';
import { findUser } from './users';
import { SESSION_COOKIE, readCookie } from './session';

const userOf = (req: Request) => findUser(readCookie(req, SESSION_COOKIE));

// Asks Fyno for delivery reports: custom_id names this notification, custom1 the user it went to.
const reportBack = ({ distinctId, event }: { distinctId: string; event: string }) => ({
  custom_id: `${event}:${randomUUID()}`,
  custom1: distinctId,
});

export const policy = defineNotifyPolicy({
  // The recipient is whoever is signed in; the browser never names one.
  identify: (req: Request) => userOf(req)?.id ?? null,
  events: {
    order_shipped: {
      data: z.object({ order: z.string().trim().min(1).max(40) }).strict(),
      to: ({ request }: { request: Request }) => {
        const user = userOf(request)!;
        return { email: user.email, sms: user.phone };
      },
      callback: reportBack,
    },
    password_reset: {
      data: z.object({}).strict().optional(),
      to: ({ request }: { request: Request }) => ({ email: userOf(request)!.email }),
      callback: reportBack,
    },
    new_message: {
      data: z.object({ from: z.string().min(1).max(40), text: z.string().min(1).max(280) }).strict(),
      to: ({ request }: { request: Request }) => {
        const user = userOf(request)!;
        return { inapp: user.id, push: user.pushToken };
      },
      callback: reportBack,
    },
  },
  rateLimit: { limit: 30, windowMs: 60_000 },
});

/** The policy's type, for `useNotify<DemoPolicy>()` in the page. */
export type DemoPolicy = typeof policy;
