/**
 * The notify route in web-standard form, `(request: Request) => Promise<Response>`: a Next.js route
 * handler, a Hono or Bun handler, a Worker's fetch.
 */
import { errorResponse } from './response';
import { readCapped } from './read-capped';
import { createNotifyRoute } from './route';
import type { NotifyHttpResponse, NotifyPolicy } from './types';

function toResponse(response: NotifyHttpResponse): Response {
  return new Response(JSON.stringify(response.body), { status: response.status, headers: response.headers });
}

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
    const header = (name: string) => request.headers.get(name) ?? undefined;
    const early = route.precheck({ method: request.method, header });
    if (early) return toResponse(early);
    let body: Uint8Array | undefined;
    if (request.bodyUsed) {
      // Something before us consumed the body: a wiring mistake on the server, not the caller's fault.
      return toResponse(errorResponse('internal_error', { error: new TypeError('The request body was already read') }));
    }
    try {
      body = await readCapped(request.body, route.maxBodyBytes);
    } catch {
      // The sender went away mid-body; nobody will read this answer.
      return toResponse(errorResponse('invalid_json', { message: 'The request body could not be read.' }));
    }
    return toResponse(await route.handle({ method: request.method, header, body, request }));
  };
}
