/**
 * Reads a request body up to a byte limit. Past the limit it stops buffering at once, so an
 * oversized upload costs no memory, and the caller answers 413 and closes the connection.
 */
import type { IncomingMessage } from 'node:http';

/** Outcome of reading a body: its text, or a note that it was too large. */
export type BodyResult = { tooLarge: false; text: string; parsed?: unknown } | { tooLarge: true };

/**
 * Read `req` to the end (or to `maxBytes`) and call `done` once. If a framework such as
 * Express's `json()` already consumed the stream, its parsed `req.body` is passed on instead.
 */
export function readBody(req: IncomingMessage, maxBytes: number, done: (result: BodyResult) => void): void {
  const framework = req as IncomingMessage & { body?: unknown; _body?: boolean };
  if (framework._body === true || (req.readableEnded && framework.body !== undefined)) {
    done({ tooLarge: false, text: '', parsed: framework.body });
    return;
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    done({ tooLarge: true });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > maxBytes) {
      settled = true;
      chunks.length = 0;
      req.removeListener('data', onData);
      req.pause();
      done({ tooLarge: true });
      return;
    }
    chunks.push(chunk);
  };
  req.on('data', onData);
  req.on('end', () => {
    if (settled) return;
    settled = true;
    const text = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
    done({ tooLarge: false, text });
  });
}
