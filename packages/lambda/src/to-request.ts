/** The Lambda event as a web `Request`, and a `Response` as the Lambda result. */
import type { LambdaHttpEvent, LambdaHttpResult } from './event';

/** Base64 to bytes without `Buffer`, so the same code runs wherever the function is tested. */
function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The request the event stands for. Headers arrive lower-cased with repeats comma-joined; cookies
 * come apart in `cookies`. A base64 body (binary, or compressed) is decoded to its exact bytes, so
 * the route checks what was really sent.
 */
export function eventToRequest(event: LambdaHttpEvent): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers.set(name, value);
  if (event.cookies?.length) headers.set('cookie', event.cookies.join('; '));
  const host = event.requestContext.domainName ?? headers.get('host') ?? 'lambda.invalid';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const method = event.requestContext.http.method.toUpperCase();
  const hasBody = event.body !== undefined && event.body !== null && method !== 'GET' && method !== 'HEAD';
  const body = hasBody ? (event.isBase64Encoded ? fromBase64(event.body!) : new TextEncoder().encode(event.body!)) : undefined;
  return new Request(`https://${host}${event.rawPath}${query}`, { method, headers, ...(body === undefined ? {} : { body: body as BodyInit }) });
}

/** The route's JSON answer as the Lambda result (never base64: it is UTF-8 text). */
export async function responseToResult(response: Response): Promise<LambdaHttpResult> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return { statusCode: response.status, headers, body: await response.text(), isBase64Encoded: false };
}
