/**
 * `verifyDeliveryReport`: checks Fyno's `X-Fyno-Hmac-Signature` (HMAC-SHA256 of the exact request
 * bytes with the workspace's secret key) with Web Crypto, so it runs on Node and edge runtimes alike.
 */
import { bytesOf, decodeSignature } from './encoding';
import { FynoSignatureError } from './signature-error';

/** The header Fyno signs delivery reports with (lower-case, as `Headers` and Node give it). */
export const SIGNATURE_HEADER = 'x-fyno-hmac-signature';

/** The workspace secret key (from Fyno's dashboard), or several while one is being rotated. */
export type WebhookSecret = string | Uint8Array | ReadonlyArray<string | Uint8Array>;

/**
 * The secrets, or a function returning the ones valid now (a rotation without a restart). Receivers
 * call it for each report, so a secret it stops returning stops verifying at once.
 */
export type WebhookSecretSource = WebhookSecret | (() => WebhookSecret | Promise<WebhookSecret>);

const encoder = new TextEncoder();
/** Imported keys by secret *content*: what a caller removes from its list stops verifying at once. */
const keyCache = new Map<string, Promise<CryptoKey>>();
/** Enough for every secret of a rotation; a function returning ever-new secrets cannot grow it. */
const KEY_CACHE_LIMIT = 32;

/** What to pass instead of a parsed body (also the receivers' fix when a parser kept no raw bytes). */
export const PARSED_BODY_MESSAGE =
  'verifyDeliveryReport needs the raw request body (a string or bytes exactly as received), not a parsed object: ' +
  're-serialising parsed JSON does not reproduce the bytes Fyno signed. In Express mount deliveryReports() before ' +
  'express.json(), or keep the bytes with express.json({ verify: keepRawBody }); in a route handler use await request.text().';

const NO_SECRET = 'The delivery-report secret is missing or empty: pass your workspace secret key (e.g. process.env.FYNO_WEBHOOK_SECRET)';

/** The secrets as a list; throws `TypeError` when there is none or one is empty (an unset env variable). */
export function assertSecret(secret: WebhookSecret): Array<string | Uint8Array> {
  if (secret === undefined || secret === null) throw new TypeError(NO_SECRET);
  const list = typeof secret === 'string' || secret instanceof Uint8Array ? [secret] : Array.isArray(secret) ? [...secret] : [];
  if (list.length === 0) throw new TypeError(NO_SECRET);
  for (const s of list) {
    if ((typeof s !== 'string' && !(s instanceof Uint8Array)) || s.length === 0) throw new TypeError(NO_SECRET);
  }
  return list;
}

function importOne(secret: string | Uint8Array): Promise<CryptoKey> {
  // Bytes are copied: a caller that later overwrites its buffer must not change the cached key.
  const bytes = typeof secret === 'string' ? encoder.encode(secret) : new Uint8Array(secret);
  const id = `${typeof secret === 'string' ? 's' : 'b'}:${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  const cached = keyCache.get(id);
  if (cached) return cached;
  const key = crypto.subtle.importKey('raw', bytes as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value!);
  keyCache.set(id, key);
  key.catch(() => keyCache.delete(id));
  return key;
}

/** HMAC keys for exactly the secrets given now (each imported once per content, never per list object). */
export function importSecrets(secret: WebhookSecret): Promise<CryptoKey[]> {
  return Promise.all(assertSecret(secret).map(importOne));
}

/** The secrets a source gives now: itself, or what its function returns. */
export async function currentSecrets(source: WebhookSecretSource): Promise<WebhookSecret> {
  return typeof source === 'function' ? source() : source;
}

/** Throws `TypeError` for a body that is not raw text or bytes, else returns its bytes. */
export function rawBytes(rawBody: unknown): Uint8Array {
  const bytes = bytesOf(rawBody);
  if (bytes === undefined) {
    if (rawBody === undefined || rawBody === null) return new Uint8Array(0);
    throw new TypeError(PARSED_BODY_MESSAGE);
  }
  return bytes;
}

/** Checks one signature header against the body with ready keys; throws `FynoSignatureError`. */
export async function verifyWithKeys(bytes: Uint8Array, signatureHeader: string | null | undefined, keys: CryptoKey[]): Promise<void> {
  if (signatureHeader === undefined || signatureHeader === null || signatureHeader.trim() === '') {
    throw new FynoSignatureError('missing_signature', 'The X-Fyno-Hmac-Signature header is missing');
  }
  if (bytes.byteLength === 0) {
    throw new FynoSignatureError('empty_body', 'The delivery report has an empty body: there is nothing signed to verify');
  }
  // Tolerate a `sha256=` prefix, as GitHub-style senders write it; the value is hex or base64.
  const text = signatureHeader.trim().replace(/^sha256=/i, '');
  const signature = decodeSignature(text);
  if (signature === undefined) {
    throw new FynoSignatureError('malformed_signature', 'The X-Fyno-Hmac-Signature header is not a hex or base64 HMAC-SHA256');
  }
  for (const key of keys) {
    // `subtle.verify` compares in constant time; a plain `===` on strings would leak by timing.
    if (await crypto.subtle.verify('HMAC', key, signature as BufferSource, bytes as BufferSource)) return;
  }
  throw new FynoSignatureError('signature_mismatch', 'The X-Fyno-Hmac-Signature does not match the body and the secret');
}

/**
 * Verifies a delivery report: resolves when `signatureHeader` is the HMAC-SHA256 of `rawBody` with
 * `secret`, in hex or base64 (Fyno does not document which, so both are accepted). Rejects with a
 * `FynoSignatureError` (`reason`: missing header, malformed value, mismatch, empty body) otherwise,
 * and with a `TypeError` when given a parsed object instead of the raw body.
 *
 * Fyno signs no timestamp, so a valid report can be replayed: handle reports idempotently (by
 * `report.key`).
 *
 * @example
 * const raw = await request.text();
 * await verifyDeliveryReport(raw, request.headers.get('x-fyno-hmac-signature'), process.env.FYNO_WEBHOOK_SECRET!);
 * const report = parseDeliveryReport(raw);
 */
export async function verifyDeliveryReport(
  rawBody: string | Uint8Array | ArrayBuffer,
  signatureHeader: string | null | undefined,
  secret: WebhookSecret,
): Promise<void> {
  const bytes = rawBytes(rawBody);
  await verifyWithKeys(bytes, signatureHeader, await importSecrets(secret));
}
