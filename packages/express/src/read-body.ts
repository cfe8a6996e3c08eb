/**
 * Gets the notify route's body from an Express request: the bytes straight from the socket, with the
 * size cap, or what a body parser (e.g. `express.json()`) already made of them.
 */
import type { IncomingMessage } from 'node:http';

/** The body as the core route takes it. */
export type ReadBody =
  | { kind: 'raw'; bytes: Uint8Array | string | undefined; complete: boolean }
  | { kind: 'parsed'; value: unknown }
  | { kind: 'gone' };

type WithBody = IncomingMessage & { body?: unknown; _body?: unknown };

function readStream(req: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(buffer);
      size += buffer.length;
      if (size > maxBytes) {
        // One byte past the cap is proof enough; stop buffering and leave the rest unread.
        cleanup();
        req.pause();
        resolve({ kind: 'raw', bytes: Buffer.concat(chunks, size).subarray(0, maxBytes + 1), complete: false });
      }
    };
    const onEnd = () => {
      cleanup();
      resolve({ kind: 'raw', bytes: size === 0 ? undefined : Buffer.concat(chunks, size), complete: true });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      // The sender went away before the end: there is nobody to answer.
      if (req.complete) return;
      cleanup();
      resolve({ kind: 'gone' });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * Reads the body of `req`, stopping one byte past `maxBytes`. If a parser already consumed the
 * stream, its result is used instead: `express.json()` marks that with `req._body`.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  const r = req as WithBody;
  if (r._body === true) {
    if (typeof r.body === 'string' || Buffer.isBuffer(r.body)) return Promise.resolve({ kind: 'raw', bytes: r.body, complete: true });
    return Promise.resolve({ kind: 'parsed', value: r.body });
  }
  if (req.readableEnded) {
    // Consumed by something that did not say so: take whatever it left on `req.body`.
    if (r.body === undefined || typeof r.body === 'string' || Buffer.isBuffer(r.body)) {
      return Promise.resolve({ kind: 'raw', bytes: r.body as string | Buffer | undefined, complete: true });
    }
    return Promise.resolve({ kind: 'parsed', value: r.body });
  }
  return readStream(req, maxBytes);
}

/** True when the request announced a body (a length above zero, or chunked). */
export function announcesBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}
