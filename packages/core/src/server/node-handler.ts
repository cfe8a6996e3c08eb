/**
 * A web handler served on Node's own request and response (`handler.node(req, res, context)`), for
 * hosts that give both beside their web `Request`: H3 1's `event.node`, which Nuxt 4 runs. The body is
 * read from Node's stream with the route's cap and timeout, and past them the request is paused and
 * the answer closes the connection, as on Express, after a short bounded lingering close (below). H3 1's `toWebRequest` instead keeps every byte a
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

/** How long, and how many more bytes, a connection closed under an unfinished upload is read and discarded. */
export const LINGER_MS = 2_000;
export const LINGER_MAX_BYTES = 4 * 1024 * 1024;

/** The socket's part in a lingering close: Node's server calls `destroySoon` once an answer with `connection: close` is written. */
interface LingeringSocket {
  destroySoon(): void;
  end(): unknown;
  destroy(): unknown;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Closes the connection of an answer written before the upload ended ("lingering close"): the answer
 * and a FIN go out, then up to `LINGER_MAX_BYTES` more of the body are read and discarded for at most
 * `LINGER_MS`, and only then the socket is destroyed. Destroyed at once, as Node does, the kernel
 * resets a connection whose sender is still writing, and a client such as undici's fetch loses the
 * 413 it was sent. Nothing is kept, and a sender that goes on past either bound is cut off.
 */
function lingerOnClose(req: NodeHandlerRequest): void {
  const socket = req.socket as Partial<LingeringSocket> | null | undefined;
  if (req.complete !== false || typeof socket?.destroySoon !== 'function' || typeof socket.end !== 'function') return;
  const live = socket as LingeringSocket;
  live.destroySoon = () => {
    live.end();
    let discardedBytes = 0;
    const close = () => void live.destroy();
    const timer = setTimeout(close, LINGER_MS);
    live.once('close', () => clearTimeout(timer));
    req.on('data', (chunk: { length: number }) => {
      discardedBytes += chunk.length;
      if (discardedBytes > LINGER_MAX_BYTES) close();
    });
    req.on('end', close);
    (req as { resume?: () => unknown }).resume?.();
  };
}

/** Serves a route made for web `Request`s on Node's request and response, its hooks getting `request`. */
export function serveOnNode<TAnswer extends ExchangeAnswer>(
  route: ExchangeRoute<Request, TAnswer>,
  req: NodeHandlerRequest,
  res: NodeResponseLike,
  request: Request,
): Promise<void> {
  const exchange = nodeExchange(req, res, { request });
  const { sink } = exchange;
  exchange.sink = {
    ...sink,
    send(answer, options) {
      if (options.closeConnection) lingerOnClose(req);
      sink.send(answer, options);
    },
  };
  return route.serve(exchange);
}
