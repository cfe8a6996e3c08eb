/**
 * A web handler served on Node's own request and response (`handler.node(req, res, context)`), for
 * hosts that give both beside their web `Request`: H3 1's `event.node`, which Nuxt 4 runs. The body is
 * read from Node's stream with the route's cap and timeout, and past them the request is paused and
 * the answer closes the connection, as on Express. H3 1's `toWebRequest` instead keeps every byte a
 * sender pushes after the route answered without reading it, and without Nitro one chunked oversize
 * upload throws inside its stream and ends the process.
 */
import type { ExchangeAnswer, ExchangeRoute, NodeResponseLike } from './exchange';
import { type NodeRequestWithBody, nodeExchange } from './node-exchange';

/** Node's request as a host hands it (Node's `IncomingMessage`, or Nitro's stand-in for an internal call). */
export type NodeHandlerRequest = NodeRequestWithBody & { socket?: object | null };

/** The handler's arguments on Node: the context is required when `identify` declares one, as for the `Request` form. */
export type NodeHandlerArgs<TContext> = undefined extends TContext
  ? [req: NodeHandlerRequest, res: NodeResponseLike, context?: TContext]
  : [req: NodeHandlerRequest, res: NodeResponseLike, context: TContext];

/**
 * What the route's hooks and `identify` receive on Node: the request line and headers as a `Request`,
 * without its body (the route reads that from Node's stream itself, so nothing else buffers it).
 */
export function headersOnlyRequest(req: NodeHandlerRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    else if (value !== undefined) headers.set(name, value);
  }
  // A TLS socket says `encrypted` (Node's own `https` server, or Nitro's stand-in for an https call).
  const tls = (req.socket as { encrypted?: boolean } | null | undefined)?.encrypted === true;
  const origin = `${tls ? 'https' : 'http'}://${headers.get('host') ?? 'localhost'}`;
  // A Host header no URL takes still gets its answer from the route (the hooks see localhost).
  const base = URL.canParse(origin) ? origin : 'http://localhost';
  const url = URL.canParse(req.url ?? '/', base) ? new URL(req.url ?? '/', base) : new URL(base);
  // `Request` refuses CONNECT, TRACE and TRACK; the route answers them with its 405 before any hook runs.
  try {
    return new Request(url, { method: req.method ?? 'GET', headers });
  } catch {
    return new Request(url, { headers });
  }
}

/** Serves a route made for web `Request`s on Node's request and response, its hooks getting `request`. */
export function serveOnNode<TAnswer extends ExchangeAnswer>(
  route: ExchangeRoute<Request, TAnswer>,
  req: NodeHandlerRequest,
  res: NodeResponseLike,
  request: Request,
): Promise<void> {
  return route.serve(nodeExchange(req, res, { request }));
}
