/**
 * Maps the error of a framework's body parser (body-parser under Express and Nest, Fastify's
 * content-type parser) to the route's answer, so a body refused before the route ran still gets the
 * route's error shape and code.
 */
import type { BodyRefusal } from './take-body';

/** The route's reading of a parser error: a code, the text to parse again, or a sender that left. */
export type ParserErrorOutcome = { kind: 'code'; code: BodyRefusal | 'internal_error' } | { kind: 'text'; text: string } | { kind: 'gone' };

const BY_TYPE: Record<string, BodyRefusal | 'gone'> = {
  // body-parser (Express 4 and 5, Nest on Express)
  'entity.too.large': 'payload_too_large',
  'encoding.unsupported': 'unsupported_media_type',
  'charset.unsupported': 'unsupported_media_type',
  'request.size.invalid': 'invalid_json',
  'request.aborted': 'gone',
  // Ours: an adapter's body read that took longer than `bodyTimeoutMs` (see bodyTimeoutError).
  'request.timeout': 'request_timeout',
};

const BY_CODE: Record<string, BodyRefusal | 'gone'> = {
  // Fastify's content-type parser
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  ECONNRESET: 'gone',
  ECONNABORTED: 'gone',
};

const BY_STATUS: Record<number, BodyRefusal> = {
  400: 'invalid_json',
  408: 'request_timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** How the route answers a body its framework's parser refused. Unknown errors are `internal_error`. */
export function classifyParserError(error: unknown): ParserErrorOutcome {
  if (typeof error !== 'object' || error === null) return { kind: 'code', code: 'internal_error' };
  const e = error as { type?: unknown; code?: unknown; status?: unknown; statusCode?: unknown; body?: unknown };
  // body-parser keeps the text it could not parse: the route parses it again, so strict-mode refusals
  // (a bare `"text"`) get `invalid_body` exactly as when the route reads the body itself.
  if (e.type === 'entity.parse.failed') return typeof e.body === 'string' ? { kind: 'text', text: e.body } : { kind: 'code', code: 'invalid_json' };
  const mapped = (typeof e.type === 'string' ? BY_TYPE[e.type] : undefined) ?? (typeof e.code === 'string' ? BY_CODE[e.code] : undefined);
  if (mapped === 'gone') return { kind: 'gone' };
  if (mapped !== undefined) return { kind: 'code', code: mapped };
  // A compressed body a parser failed to inflate surfaces zlib's error (`Z_DATA_ERROR`, …).
  if (typeof e.code === 'string' && e.code.startsWith('Z_')) return { kind: 'code', code: 'unsupported_media_type' };
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const byStatus = status === undefined ? undefined : BY_STATUS[status];
  return { kind: 'code', code: byStatus ?? 'internal_error' };
}

/**
 * True for an error a body parser raised about the request body: body-parser's (a `type` such as
 * `entity.parse.failed`; not `entity.verify.failed`, which is the app's own check), Fastify's
 * content-type parser's (`FST_ERR_CTP_*`, or the 400 `SyntaxError` of its JSON parser), or zlib's for
 * a body it failed to inflate. Adapters answer these in the route's shape; any other error is the app's.
 */
export function isParserError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { type, code, status, statusCode } = error as { type?: unknown; code?: unknown; status?: unknown; statusCode?: unknown };
  const httpStatus = typeof statusCode === 'number' ? statusCode : status;
  if (typeof httpStatus !== 'number' || httpStatus < 400 || httpStatus >= 500) return false;
  if (typeof type === 'string') return type in BY_TYPE || type === 'entity.parse.failed';
  if (typeof code === 'string') return code.startsWith('FST_ERR_CTP_') || code.startsWith('Z_');
  return error instanceof SyntaxError && httpStatus === 400;
}

/**
 * The error an adapter raises when a body the framework reads (Fastify's parser, under the plugin or
 * Nest) has not arrived within the route's `bodyTimeoutMs`: a parser error the route answers with
 * its 408 `request_timeout`, in its own shape.
 */
export function bodyTimeoutError(timeoutMs: number): Error {
  return Object.assign(new Error(`The request body did not arrive within ${timeoutMs} ms`), {
    type: 'request.timeout',
    status: 408,
    statusCode: 408,
    expose: true,
  });
}

/**
 * True for a client that went away mid-body (Node's `ECONNRESET` "aborted", body-parser's
 * `request.aborted`): there is no one to answer, and nothing worth an error report or a log line.
 */
export function isClientGone(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { type, code } = error as { type?: unknown; code?: unknown };
  return (typeof type === 'string' && BY_TYPE[type] === 'gone') || (typeof code === 'string' && BY_CODE[code] === 'gone');
}
