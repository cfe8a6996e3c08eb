/** What a Function URL does in front of the function: buffers the body and builds the payload-2.0 event. */
import type { IncomingMessage } from 'node:http';
import type { LambdaHttpEvent } from '../src/index';

/** Function URLs buffer up to 6 MB of body before the function runs. */
export const MAX_EVENT_BODY_BYTES = 6 * 1024 * 1024;

export function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isUtf8Text(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function toEvent(req: IncomingMessage, body: Buffer, alwaysBase64: boolean): LambdaHttpEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  const [rawPath, rawQueryString = ''] = (req.url ?? '/').split('?') as [string, string?];
  const text = !alwaysBase64 && !req.headers['content-encoding'] && isUtf8Text(body);
  return {
    version: '2.0',
    rawPath,
    rawQueryString,
    ...(req.headers.cookie ? { cookies: req.headers.cookie.split('; ') } : {}),
    headers,
    requestContext: { domainName: 'fn.lambda-url.eu-west-1.on.aws', http: { method: req.method ?? 'GET', path: rawPath, sourceIp: '127.0.0.1' } },
    ...(body.length ? { body: text ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !text } : { isBase64Encoded: false }),
  };
}
