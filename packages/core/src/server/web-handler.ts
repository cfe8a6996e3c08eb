/**
 * The notify route in web-standard form, `(request: Request) => Promise<Response>`: a Next.js route
 * handler, a Hono or Bun handler, a Worker's fetch.
 */
import { createNotifyRoute } from './route';
import type { NotifyHttpResponse, NotifyPolicy } from './types';

/**
 * Creates a web-standard notify handler. `identify` receives the `Request`. The route (its rate
 * limiter and default client) is created once, here.
 *
 * @example
 * // app/api/fyno/notify/route.ts
 * export const POST = createNotifyHandler({ ...policy, identify: async () => (await auth())?.userId ?? null });
 */
export function createNotifyHandler(policy: NotifyPolicy<Request>): (request: Request) => Promise<Response> {
  const route = createNotifyRoute<Request>(policy);
  return async (request) => {
    let answer: NotifyHttpResponse | undefined;
    await route.serve({
      method: request.method,
      header: (name) => request.headers.get(name) ?? undefined,
      body: () => ({ kind: 'web', stream: request.body, used: request.bodyUsed }),
      request,
      sink: { send: (response) => void (answer = response) },
    });
    // No answer: the sender went away mid-body, and nobody will read this one.
    if (answer === undefined) return new Response(null, { status: 499 });
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: answer.headers });
  };
}
