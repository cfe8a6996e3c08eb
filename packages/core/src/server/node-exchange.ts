/**
 * The Node half of a host's translation (Express, Nest, Fastify's raw request and response): where a
 * request's body is, its headers, and a sink that writes an answer with a plain `writeHead`/`end`.
 */
import { answerText, type BodySource, type Exchange, type ExchangeSink, type NodeRequestLike, type NodeResponseLike } from './exchange';

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

function isWebStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof (value as ReadableStream | null)?.getReader === 'function';
}

/**
 * Where a Node request's body is: still on the socket, or already taken by a parser that ran
 * before the route (`express.json()` marks `req._body`; body-parser 2 leaves the stream ended; Nest
 * with `rawBody: true` keeps the exact bytes on `req.rawBody`), or on a stand-in request that has no
 * socket (Nitro's, with the body on `req.body`).
 */
export function nodeBodySource(req: NodeRequestLike & { body?: unknown; rawBody?: unknown; _body?: unknown }): BodySource {
  if (isBytes(req.rawBody)) return { kind: 'bytes', bytes: req.rawBody };
  if (req._body !== true && req.readableEnded !== true) return { kind: 'node', stream: req };
  const body = req.body;
  if (body === undefined || typeof body === 'string' || isBytes(body)) return { kind: 'bytes', bytes: body };
  // Nitro's stand-in request (an internal `$fetch`, its serverless presets) holds the body as given: none, or a web stream.
  if (body === null && req._body !== true) return { kind: 'bytes', bytes: undefined };
  if (isWebStream(body)) return { kind: 'web', stream: body };
  // A parser turns an empty body into `{}`: hand over the empty body it really was.
  if (req.headers['content-length'] === '0') return { kind: 'bytes', bytes: undefined };
  return { kind: 'parsed', value: body };
}

/** True when a Node request announced a body (a length above zero, or chunked). */
export function announcesBody(req: Pick<NodeRequestLike, 'headers'>): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

/** A request header by lower-case name, repeated values joined (any request with Node's `headers`). */
export function nodeHeader(req: Pick<NodeRequestLike, 'headers'>): (name: string) => string | undefined {
  return (name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
}

/**
 * Writes the answer on a Node response with a plain `writeHead`/`end` (a framework's `send` could
 * add an ETag to an answer that must not be cached). Nothing is written once the response is done.
 */
export function nodeSink(res: NodeResponseLike): ExchangeSink {
  return {
    send(answer, { closeConnection }) {
      if (res.headersSent || res.writableEnded === true || res.destroyed === true) return;
      const text = answerText(answer);
      const headers: Record<string, string | number> = { ...answer.headers, 'content-length': new TextEncoder().encode(text).byteLength };
      if (closeConnection) headers.connection = 'close';
      res.writeHead(answer.status, headers);
      // Node sends no body on a HEAD answer, whatever `end` is given.
      res.end(text);
    },
    abandon() {
      res.destroy?.();
    },
  };
}

/** A Node request as a host passes it: the request line, headers, and the body parsers' traces. */
export type NodeRequestWithBody = NodeRequestLike & { method?: string; url?: string; body?: unknown; rawBody?: unknown; _body?: unknown };

/**
 * The exchange of a plain Node request and response (Node's `http` server, or a framework on it whose
 * own request object is the Node one, as Express's is). `request` is what the route's hooks receive.
 */
export function nodeExchange<TRequest>(
  req: NodeRequestWithBody,
  res: NodeResponseLike,
  options: { request: TRequest; url?: string; client?: Exchange['client']; body?: () => BodySource },
): Exchange<TRequest> {
  const exchange: Exchange<TRequest> = {
    method: req.method ?? 'GET',
    url: options.url ?? req.url ?? '/',
    header: nodeHeader(req),
    body: options.body ?? (() => nodeBodySource(req)),
    request: options.request,
    sink: nodeSink(res),
  };
  if (options.client !== undefined) exchange.client = options.client;
  return exchange;
}
