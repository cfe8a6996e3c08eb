/**
 * The browser's optional `Idempotency-Key`, checked and then namespaced per user and event before it
 * reaches Fyno: keys share one workspace-wide space there, so a raw key from one user could
 * otherwise swallow another user's notification (or probe whether it was sent).
 */

/** Longest key accepted from the browser. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

// Visible ASCII only: no spaces, no control characters, nothing that needs escaping in a header.
const VALID_KEY = /^[\x21-\x7e]+$/;

/** True for 1–200 visible ASCII characters. */
export function isValidIdempotencyKey(key: string): boolean {
  return key.length >= 1 && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && VALID_KEY.test(key);
}

function hex(bytes: ArrayBuffer): string {
  let out = '';
  for (const byte of new Uint8Array(bytes)) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * The key sent to Fyno: `notify:` and a SHA-256 of (distinct_id, event, key). Hashing keeps it a fixed
 * 71 characters whatever the inputs, keeps the parts from running into each other, and keeps the
 * user id out of a header.
 */
export async function namespacedIdempotencyKey(distinctId: string, event: string, key: string): Promise<string> {
  const input = new TextEncoder().encode(JSON.stringify([distinctId, event, key]));
  const digest = await globalThis.crypto.subtle.digest('SHA-256', input);
  return `notify:${hex(digest)}`;
}
