/**
 * Reads a Node request body (Express, Nest on Express, Fastify's raw request) with the route's cap
 * and timeout. It stops one byte past the cap, and a sender that goes away mid-body is "gone":
 * nothing to answer, nothing to report (Node emits `error` "aborted" before `close`).
 */
import type { NodeRequestLike, NodeResponseLike, NotifyBodySource, NotifyHttpResponse, NotifySink } from './types';

/** What reading a body stream came to. */
export type ReadOutcome =
  | { kind: 'read'; bytes: Uint8Array | undefined; complete: boolean }
  | { kind: 'gone' }
  | { kind: 'timeout' };

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk.subarray(0, size - offset), offset);
    offset += Math.min(chunk.byteLength, size - offset);
    if (offset >= size) break;
  }
  return out;
}

/** Reads `req` to its end, or to `maxBytes + 1` bytes, or until `timeoutMs` passes. */
export function readNodeBody(req: NodeRequestLike, maxBytes: number, timeoutMs: number): Promise<ReadOutcome> {
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    const finish = (outcome: ReadOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onGone);
      req.removeListener('aborted', onGone);
      req.removeListener('close', onClose);
      // A late `error` after we stopped listening must not become an uncaught exception.
      if (outcome.kind !== 'read' || !outcome.complete) req.on('error', ignore);
      resolve(outcome);
    };
    const onData = (chunk: Uint8Array | string): void => {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      chunks.push(bytes);
      size += bytes.byteLength;
      if (size > maxBytes) {
        // One byte past the cap is proof enough: stop buffering and leave the rest unread.
        req.pause();
        finish({ kind: 'read', bytes: concat(chunks, maxBytes + 1), complete: false });
      }
    };
    const onEnd = (): void => finish({ kind: 'read', bytes: size === 0 ? undefined : concat(chunks, size), complete: true });
    const onGone = (): void => finish({ kind: 'gone' });
    const onClose = (): void => {
      if (req.complete) return;
      finish({ kind: 'gone' });
    };
    const timer = setTimeout(() => {
      req.pause();
      finish({ kind: 'timeout' });
    }, timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('aborted', onGone);
    req.on('close', onClose);
  });
}

function ignore(): void {}

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/**
 * Where a Node request's body is: still on the socket, or already taken by a parser that ran
 * before the route (`express.json()` marks `req._body`; body-parser 2 leaves the stream ended; Nest
 * with `rawBody: true` keeps the exact bytes on `req.rawBody`).
 */
export function nodeBodySource(req: NodeRequestLike & { body?: unknown; rawBody?: unknown; _body?: unknown }): NotifyBodySource {
  if (isBytes(req.rawBody)) return { kind: 'bytes', bytes: req.rawBody };
  if (req._body !== true && req.readableEnded !== true) return { kind: 'node', stream: req };
  const body = req.body;
  if (body === undefined || typeof body === 'string' || isBytes(body)) return { kind: 'bytes', bytes: body };
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
export function nodeSink(res: NodeResponseLike): NotifySink {
  return {
    send(response: NotifyHttpResponse, { closeConnection }) {
      if (res.headersSent || res.writableEnded === true || res.destroyed === true) return;
      const text = JSON.stringify(response.body);
      const headers: Record<string, string | number> = { ...response.headers, 'content-length': new TextEncoder().encode(text).byteLength };
      // Unread body bytes would be parsed as the next request on a kept-alive socket.
      if (closeConnection) headers.connection = 'close';
      res.writeHead(response.status, headers);
      res.end(text);
    },
    abandon() {
      res.destroy?.();
    },
  };
}
