/**
 * The web-standard host, `(request: Request) => Promise<Response>` (a Next.js route handler, Hono,
 * Bun, Deno, a Worker's fetch): one translation of a `Request` into the exchange and of the route's
 * answer into a `Response`, shared by every web handler.
 */
import { answerText, type ExchangeAnswer, type ExchangeRoute } from './exchange';

/** Serves `route` as a web handler: the route's answer as a `Response`. */
export function webHandler<TAnswer extends ExchangeAnswer>(route: ExchangeRoute<Request, TAnswer>): (request: Request) => Promise<Response> {
  return async (request) => {
    let answer: TAnswer | undefined;
    let closeConnection = false;
    await route.serve({
      method: request.method,
      url: request.url,
      header: (name) => request.headers.get(name) ?? undefined,
      body: () => ({ kind: 'web', stream: request.body, used: request.bodyUsed }),
      request,
      sink: {
        send: (response, options) => {
          answer = response;
          closeConnection = options.closeConnection;
        },
      },
    });
    // No answer: the sender went away mid-body, and nobody will read this one.
    if (answer === undefined) return new Response(null, { status: 499 });
    // A sender that stalls mid-body (408) is cut off: the server in front (Bun, Deno, Node bridges)
    // closes the connection on this header. Not on a 413: closing there while the client still
    // uploads makes it see a broken pipe instead of the answer, so the server drains or resets as it sees fit.
    const headers = closeConnection && answer.status === 408 ? { ...answer.headers, connection: 'close' } : answer.headers;
    return new Response(request.method === 'HEAD' ? null : answerText(answer), { status: answer.status, headers });
  };
}
