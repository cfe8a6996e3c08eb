/**
 * Turns the raw request body into `{ event, data }`, or the error code that rejects it. Only the
 * shape is checked here; whether the event and data are allowed is the policy's business.
 */
import type { NotifyErrorCode } from './error-codes';

/** Deepest nesting accepted. `JSON.stringify` recurses, so a 16 kB body of `[[[[…` could overflow the stack later. */
export const MAX_BODY_DEPTH = 64;

/** The browser's request once its shape is known to be right. */
export interface NotifyBody {
  event: string;
  /** Unchecked: the data stage decides. `undefined` when absent. */
  data: unknown;
}

export type BodyResult = { ok: true; body: NotifyBody } | { ok: false; code: NotifyErrorCode; message?: string };

/**
 * Bytes of `text` in UTF-8, as `TextEncoder` would write it (a lone surrogate as U+FFFD's three),
 * counted without encoding it. Measuring a parsed body with `TextEncoder#encode` (a copy per string)
 * instead cost 2.0–3.0 µs more per accepted request, 9–13 % of the route's own 21–24 µs, against an
 * A/A control within ±1 µs (`node tooling/bench/route-micro.mjs`, 3 paired runs, load average ~25): it stays.
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: two UTF-16 units, four bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * Bytes of `JSON.stringify(text)` in UTF-8, counted without building it: the quotes, two-character
 * escapes (`\"`, `\\`, `\n`, …), six for `\u00XX` and for a lone surrogate (written as `\uDXXX`).
 */
export function jsonStringBytes(text: string): number {
  let bytes = text.length + 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x80) {
      if (c === 0x22 || c === 0x5c) bytes += 1;
    } else if (c < 0x20) {
      bytes += c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d ? 1 : 5;
    } else if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: two UTF-16 units, four bytes.
      bytes += 2;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) bytes += 5;
    else bytes += 2;
  }
  return bytes;
}

/** Size of a body in bytes, whether it arrived as text or bytes. */
export function byteLengthOf(body: string | Uint8Array | undefined): number {
  if (body === undefined) return 0;
  return typeof body === 'string' ? utf8Length(body) : body.byteLength;
}

/** Decodes UTF-8 strictly (invalid bytes reject, rather than becoming U+FFFD) and parses JSON. */
export function parseJsonBody(body: string | Uint8Array | undefined): { ok: true; value: unknown } | { ok: false } {
  let text: string;
  if (body === undefined) return { ok: false };
  if (typeof body === 'string') {
    text = body;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      return { ok: false };
    }
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** True for an object that JSON could have produced as `{…}` (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nesting depth of a JSON value, stopping as soon as it passes `limit` (iterative: no recursion to overflow). */
function deeperThan(value: unknown, limit: number): boolean {
  return walk(value, limit, Number.POSITIVE_INFINITY) === 'too_deep';
}

/**
 * Walks a JSON value without recursion, counting the bytes of its JSON text, and stops as soon as
 * it is nested deeper than `maxDepth` or larger than `maxBytes`. A framework's parser may have
 * inflated a compressed body, or read one with no declared length: this measures what was parsed.
 */
function walk(value: unknown, maxDepth: number, maxBytes: number): 'ok' | 'too_deep' | 'too_large' {
  // Two flat stacks rather than an object per value, and string lengths counted in place rather than
  // from a `JSON.stringify` copy: the walk then allocates next to nothing per request.
  const values: unknown[] = [value];
  const depths: number[] = [0];
  let bytes = 0;
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (typeof v === 'string') bytes += jsonStringBytes(v);
    else if (typeof v === 'number' || typeof v === 'boolean') bytes += String(v).length;
    else if (v === null) bytes += 4;
    else if (typeof v === 'object') {
      if (depth >= maxDepth) return 'too_deep';
      const keys = Object.keys(v);
      // Brackets and separators.
      bytes += 2 + Math.max(0, keys.length - 1);
      const isArray = Array.isArray(v);
      for (const key of keys) {
        if (!isArray) bytes += jsonStringBytes(key) + 1;
        values.push((v as Record<string, unknown>)[key]);
        depths.push(depth + 1);
      }
    }
    if (bytes > maxBytes) return 'too_large';
  }
  return 'ok';
}

/**
 * Checks a body a framework already parsed: nesting first (before anything recursive touches it),
 * then the size of its JSON text against the cap.
 */
export function measureParsedBody(value: unknown, maxBytes: number): 'ok' | 'too_deep' | 'too_large' {
  return walk(value, MAX_BODY_DEPTH, maxBytes);
}

/**
 * Checks the shape `{ event: string, data?: unknown }`; recipient fields are refused outright.
 * `depthChecked`: `measureParsedBody` already walked this value with the same depth limit, so the
 * second walk is skipped (it could not find anything the first did not).
 */
export function checkBodyShape(value: unknown, depthChecked = false): BodyResult {
  if (!isJsonObject(value)) return { ok: false, code: 'invalid_body' };
  const has = (key: string) => Object.prototype.hasOwnProperty.call(value, key);
  // Refused even when empty or null: a browser that tries to pick a recipient is told so, never silently ignored.
  if (has('to') || has('distinct_id')) return { ok: false, code: 'forbidden_field' };
  for (const key of Object.keys(value)) {
    if (key !== 'event' && key !== 'data') return { ok: false, code: 'invalid_body' };
  }
  const event = value.event;
  if (typeof event !== 'string' || event.length === 0) return { ok: false, code: 'invalid_body' };
  if (!depthChecked && deeperThan(value, MAX_BODY_DEPTH)) {
    return { ok: false, code: 'invalid_body', message: 'The request body is nested too deeply.' };
  }
  return { ok: true, body: { event, data: value.data } };
}
