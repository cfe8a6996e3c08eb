/**
 * Reads a web `ReadableStream` body with a byte cap and a time limit. It stops one byte past the
 * cap and cancels the rest, so an oversized (or endless, or trickling) upload is never buffered.
 */
import type { ReadOutcome } from './read-node';

/** The body bytes, at most `maxBytes + 1` of them (more than `maxBytes` means "too large"). */
export async function readCapped(stream: ReadableStream<Uint8Array> | null, maxBytes: number, timeoutMs = Number.POSITIVE_INFINITY): Promise<ReadOutcome> {
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
        reader.cancel().catch(() => {});
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
      reader.releaseLock();
    } catch {
      // Older runtimes throw while a read is pending; the stream is cancelled either way.
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
