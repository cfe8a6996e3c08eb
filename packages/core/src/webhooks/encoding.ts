/**
 * Byte helpers that need no `Buffer`, so the webhook code runs on edge runtimes too: UTF-8 in, and the
 * two signature encodings Fyno might use (it does not document which), hex and base64.
 */

const encoder = new TextEncoder();

/** The bytes of a body given as text or bytes; `undefined` for anything else. */
export function bytesOf(body: unknown): Uint8Array | undefined {
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return undefined;
}

const HEX_256 = /^[0-9a-fA-F]{64}$/;
// 32 bytes are 43 base64 characters and one `=`; base64url (`-`, `_`) and missing padding are tolerated.
const BASE64_256 = /^[A-Za-z0-9+/\-_]{43}=?$/;

/** A 32-byte HMAC-SHA256 value from hex or base64 text, or `undefined` when it is neither. */
export function decodeSignature(text: string): Uint8Array | undefined {
  if (HEX_256.test(text)) {
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
    return out;
  }
  if (BASE64_256.test(text)) {
    const standard = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=$/, '');
    let binary: string;
    try {
      binary = atob(`${standard}=`);
    } catch {
      return undefined;
    }
    if (binary.length !== 32) return undefined;
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++) out[i] = binary.charCodeAt(i);
    return out;
  }
  return undefined;
}
