/**
 * The notify route in web-standard form, `(request: Request) => Promise<Response>`: a Next.js route
 * handler, a Hono or Bun handler, a Worker's fetch.
 */
import { createNotifyRoute } from './route';
import type { NotifyPolicy } from './types';
import { webHandler } from './web-exchange';

/**
 * Creates a web-standard notify handler. `identify` receives the `Request`. The route (its rate
 * limiter and default client) is created once, here.
 *
 * @example
 * // app/api/fyno/notify/route.ts
 * export const POST = createNotifyHandler({ ...policy, identify: async () => (await auth())?.userId ?? null });
 */
export function createNotifyHandler(policy: NotifyPolicy<Request>): (request: Request) => Promise<Response> {
  return webHandler(createNotifyRoute<Request>(policy));
}
