/**
 * The notify route's first stage: the checks that need no body (method → Content-Type → declared
 * size → Content-Encoding), cheapest first. An answer here ends the exchange before a byte is read.
 */
import { isJsonContentType } from './content-type';
import type { NotifyHttpResponse } from './http-types';
import { errorResponse } from './response';

const IDENTITY_ENCODING = /^\s*(identity)?\s*$/i;

/** What the checks read of a request. */
export interface NotifyRequestHead {
  method: string;
  header(name: string): string | undefined;
}

/** `undefined` when the request may go on to its body. */
export function precheckNotify(request: NotifyRequestHead, maxBodyBytes: number): NotifyHttpResponse | undefined {
  if (String(request.method).toUpperCase() !== 'POST') return errorResponse('method_not_allowed', { headers: { allow: 'POST' } });
  if (!isJsonContentType(request.header('content-type'))) return errorResponse('unsupported_media_type');
  const declared = request.header('content-length');
  if (declared !== undefined && Number(declared) > maxBodyBytes) return errorResponse('payload_too_large');
  // A content coding is refused whoever decodes it: the cap counts the bytes that were sent, and a
  // parser that inflates a compressed body would let 0.3 kB of gzip carry 90 kB of data.
  const encoding = request.header('content-encoding');
  if (encoding !== undefined && !IDENTITY_ENCODING.test(encoding)) {
    return errorResponse('unsupported_media_type', { message: 'Send the body without Content-Encoding.' });
  }
  return undefined;
}
