/**
 * Reads a request body Nest's body parser left unread (another Content-Type, or `bodyParser: false`),
 * stopping one byte past the cap so an oversized upload costs no memory.
 */
import type { IncomingMessage } from 'node:http';

/** The bytes read; `overflowed` when reading stopped at `maxBytes + 1` (the caller answers 413 and closes). */
export interface ReadBodyResult {
  body: Uint8Array | undefined;
  overflowed: boolean;
}

/** Reads `req` to its end, or to `maxBytes + 1` bytes. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<ReadBodyResult> {
  return new Promise((resolve, reject) => {
    if (req.readableEnded) {
      resolve({ body: undefined, overflowed: false });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('aborted', onAborted);
    };
    function onData(chunk: Buffer | string): void {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const room = maxBytes + 1 - size;
      if (bytes.length >= room) {
        // Enough to prove the body too large; the rest is never buffered.
        chunks.push(bytes.subarray(0, room));
        size += room;
        cleanup();
        req.pause();
        resolve({ body: Buffer.concat(chunks, size), overflowed: true });
        return;
      }
      chunks.push(bytes);
      size += bytes.length;
    }
    function onEnd(): void {
      cleanup();
      resolve({ body: size === 0 ? undefined : Buffer.concat(chunks, size), overflowed: false });
    }
    function onError(error: unknown): void {
      cleanup();
      reject(error);
    }
    function onAborted(): void {
      cleanup();
      reject(new Error('request aborted'));
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
