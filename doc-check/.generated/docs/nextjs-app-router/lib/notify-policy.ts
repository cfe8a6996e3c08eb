import { defineNotifyPolicy } from '@fyno-kit/core/server';
import { z } from 'zod';

// `<Request>()` types `identify` and the hooks with the web Request: no annotation, never `any`.
export const policy = defineNotifyPolicy<Request>()({
  // A stand-in so this guide runs without an auth library: the `demo_user` cookie names the user.
  // In your app, return the signed-in user's id (Auth.js: `(await auth())?.user?.id ?? null`).
  identify: (req) => /(?:^|;\s*)demo_user=([^;]+)/.exec(req.headers.get('cookie') ?? '')?.[1] ?? null,
  events: {
    order_shipped: { data: z.object({ order: z.string() }) }, // the browser's data, checked by zod
  },
});
