/**
 * Splits a bulk send into requests under Fyno's 10 MB body limit. Each item is serialized once and
 * the request bodies are joined from those strings, so a large batch is not stringified twice.
 */
import { FynoValidationError } from './errors';

/** One request's worth of items. */
export interface BulkChunk {
  /** Index of the chunk's first item in the input. */
  offset: number;
  count: number;
  body: string;
}

/** Fyno's body limit: 10 MB, as nginx counts it (`client_max_body_size 10m`). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** UTF-8 length of a string, without allocating a buffer. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2; // a surrogate pair is 4 bytes for 2 UTF-16 units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * Builds the request bodies `{event, batch}` for `items`, each at most `maxBytes` and `maxItems`.
 * A UTF-16 string of n units is at most 3n UTF-8 bytes, so exact byte counts are needed only near
 * the limit: a typical batch is stringified once, like a hand-written request, and never measured.
 */
export function chunkBulk(event: string, items: readonly unknown[], maxBytes: number, maxItems: number): BulkChunk[] {
  if (items.length <= maxItems) {
    // The same text as the split path's `${head}[${parts}]}`, made flat in one call.
    const body = JSON.stringify({ event, batch: items });
    if (body.length * 3 <= maxBytes || utf8Length(body) <= maxBytes) return [{ offset: 0, count: items.length, body }];
  }
  // Only a batch that must be split gets here: its head is measured once for all its requests.
  const head = `{"event":${JSON.stringify(event)},"batch":`;
  const overhead = utf8Length(head) + 3; // "[", "]" and "}"
  const chunks: BulkChunk[] = [];
  let parts: string[] = [];
  let bytes = overhead;
  let offset = 0;
  const flush = () => {
    chunks.push({ offset, count: parts.length, body: `${head}[${parts.join(',')}]}` });
    offset += parts.length;
    parts = [];
    bytes = overhead;
  };
  for (let i = 0; i < items.length; i++) {
    const json = JSON.stringify(items[i]);
    const size = utf8Length(json);
    if (overhead + size > maxBytes) {
      throw new FynoValidationError(`batch item ${i} alone is ${size} bytes, over the ${maxBytes}-byte request limit`, `[${i}]`);
    }
    const separator = parts.length > 0 ? 1 : 0;
    if (parts.length > 0 && (bytes + separator + size > maxBytes || parts.length >= maxItems)) flush();
    bytes += (parts.length > 0 ? 1 : 0) + size;
    parts.push(json);
  }
  if (parts.length > 0) flush();
  return chunks;
}
