/**
 * The web-standard host, `(request: Request) => Promise<Response>` (a Next.js route handler, Hono,
 * Bun, Deno, a Worker's fetch): one translation of a `Request` into the exchange and of the route's
 * answer into a `Response`, shared by every web handler.
 */
import { answerText, type ExchangeAnswer, type ExchangeRoute, type NodeResponseLike } from './exchange';
import { headersOnlyRequest, type NodeHandlerRequest, serveOnNode } from './node-handler';

/** A web handler, and the same route on Node's request and response where a host gives them (H3 1's `event.node`). */
export interface WebHandler {
  (request: Request): Promise<Response>;
  /** The route on Node's own request and response: it reads the body from Node's stream and writes its answer there. */
  node(req: NodeHandlerRequest, res: NodeResponseLike): Promise<void>;
}

/** Serves `route` as a web handler: the route's answer as a `Response` (and `.node` on Node's request and response). */
export function webHandler<TAnswer extends ExchangeAnswer>(route: ExchangeRoute<Request, TAnswer>): WebHandler {
  const handle = async (request: Request): Promise<Response> => {
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
  return Object.assign(handle, { node: (req: NodeHandlerRequest, res: NodeResponseLike) => serveOnNode(route, req, res, headersOnlyRequest(req)) });
}
