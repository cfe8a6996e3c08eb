/**
 * The browser's optional `Idempotency-Key`, checked and then namespaced per user and event before it
 * reaches Fyno: keys share one workspace-wide space there, so a raw key from one user could
 * otherwise swallow another user's notification (or probe whether it was sent).
 */
import { nonNodeRuntime } from '../runtime';

/** Longest key accepted from the browser. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

// Visible ASCII only: no spaces, no control characters, nothing that needs escaping in a header.
const VALID_KEY = /^[\x21-\x7e]+$/;

/** True for 1–200 visible ASCII characters. */
export function isValidIdempotencyKey(key: string): boolean {
  return key.length >= 1 && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && VALID_KEY.test(key);
}

/** The part of Node's `node:crypto` used here (`hash`, the one-shot form, since Node 20.12). */
interface NodeCryptoLike {
  hash(algorithm: 'sha256', data: string, outputEncoding: 'hex'): string;
}

/**
 * Node's own hash, reached without an import so this module stays web-standard: edge runtimes have
 * no `process.getBuiltinModule` and use WebCrypto. On Node it is the same SHA-256 at a fraction of
 * the cost: `crypto.subtle.digest` queues a job and settles a promise for 71 characters, and was the
 * largest single cost of an accepted request in the route benchmark (tooling/bench/RESULTS.md).
 */
const nodeCrypto = ((): NodeCryptoLike | undefined => {
  // Bun, Deno and workerd offer `getBuiltinModule` too, as compatibility: they take WebCrypto.
  if (nonNodeRuntime() !== undefined) return undefined;
  try {
    const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
    const crypto = typeof getBuiltinModule === 'function' ? (getBuiltinModule('node:crypto') as Partial<NodeCryptoLike> | undefined) : undefined;
    return typeof crypto?.hash === 'function' ? (crypto as NodeCryptoLike) : undefined;
  } catch {
    return undefined;
  }
})();

function hex(bytes: ArrayBuffer): string {
  let out = '';
  for (const byte of new Uint8Array(bytes)) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * The key sent to Fyno: `notify:` and a SHA-256 of (distinct_id, event, key), through a promise
 * wherever it is hashed (on Node it is ready at once; returning it bare there as `string | Promise`
 * saved nothing measurable in `node tooling/bench/route-micro.mjs`, so the one shape stays). Hashing keeps it
 * a fixed 71 characters whatever the inputs, keeps the parts from running into each other, and keeps
 * the user id out of a header.
 */
export async function namespacedIdempotencyKey(distinctId: string, event: string, key: string): Promise<string> {
  const text = JSON.stringify([distinctId, event, key]);
  // `hash` reads a string as UTF-8, as `TextEncoder` does below.
  if (nodeCrypto !== undefined) return `notify:${nodeCrypto.hash('sha256', text, 'hex')}`;
  const input = new TextEncoder().encode(text);
  return `notify:${hex(await globalThis.crypto.subtle.digest('SHA-256', input))}`;
}
