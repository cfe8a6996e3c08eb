/**
 * Reads a request body with a byte cap and a time limit, from a Node request (Express, Nest on
 * Express, Fastify's raw request) or a web `ReadableStream`. It stops one byte past the cap and
 * leaves (Node) or cancels (web) the rest, so an oversized or endless upload is never buffered. At
 * the time limit both leave the stream unread and the 408 closes the connection: cancelling a web
 * stream there made the Node bridges of SvelteKit and React Router destroy the socket before the
 * 408 went out (ROUTES.md, "A body the route stops reading", has the measurements per host). A
 * sender that goes away mid-body is "gone": nothing to answer, nothing to report (Node emits
 * `error` "aborted" before `close`).
 */
import type { NodeRequestLike } from './exchange';

/** What reading a body stream came to. */
export type ReadOutcome = { kind: 'read'; bytes: Uint8Array | undefined; complete: boolean } | { kind: 'gone' } | { kind: 'timeout' };

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

/** The body bytes, at most `maxBytes + 1` of them (more than `maxBytes` means "too large"). */
export async function readWebBody(stream: ReadableStream<Uint8Array> | null, maxBytes: number, timeoutMs = Number.POSITIVE_INFINITY): Promise<ReadOutcome> {
  if (stream === null) return { kind: 'read', bytes: undefined, complete: true };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    if (Number.isFinite(timeoutMs)) timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  let complete = true;
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timedOut]);
      if (next === 'timeout') {
        // Released, not cancelled: the host closes the connection on the 408 (a cancel here makes a
        // Node bridge destroy the socket first), and a stalled sender has nothing in flight to buffer.
        return { kind: 'timeout' };
      }
      if (next.done) break;
      chunks.push(next.value);
      size += next.value.byteLength;
      if (size > maxBytes) {
        // Enough to know it is too large; tell the sender to stop.
        complete = false;
        reader.cancel().catch(() => {});
        break;
      }
    }
  } catch {
    // The sender went away mid-body; nobody will read an answer.
    return { kind: 'gone' };
  } finally {
    clearTimeout(timer);
    try {
      // A read still pending at the time limit is rejected by the release (the current streams spec).
      reader.releaseLock();
    } catch {
      // Older runtimes throw while a read is pending: the stream stays locked, and the host's
      // connection close on the 408 (or the cancel past the cap) ends it.
    }
  }
  if (size === 0) return { kind: 'read', bytes: undefined, complete };
  const out = new Uint8Array(Math.min(size, maxBytes + 1));
  let offset = 0;
  for (const chunk of chunks) {
    const take = Math.min(chunk.byteLength, out.byteLength - offset);
    out.set(take === chunk.byteLength ? chunk : chunk.subarray(0, take), offset);
    offset += take;
    if (offset >= out.byteLength) break;
  }
  return { kind: 'read', bytes: out, complete };
}
