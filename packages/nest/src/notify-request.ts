/**
 * The one place that turns a Nest request (Express `Request` or `FastifyRequest`) into the call of
 * the shared notify route in `@fyno-kit/core/server`: method, headers, and the body in the form the
 * platform left it (parsed, raw bytes, an unread stream, or a refusal of the platform's parser).
 */
import type { IncomingMessage } from 'node:http';
import type { NotifyHttpRequest, NotifyHttpResponse, NotifyRoute } from '@fyno-kit/core/server';
import { readBody } from './read-body';

/** Where the route's hooks leave a body the platform's parser refused (see notify-route.setup.ts). */
export const NOTIFY_BODY_ERROR: unique symbol = Symbol.for('@fyno-kit/nest:notify-body-error');
/** Where the Fastify hook leaves the bytes it saw go by, up to one past the cap. */
export const NOTIFY_RAW_BYTES: unique symbol = Symbol.for('@fyno-kit/nest:notify-raw-bytes');

/** What either platform's request carries that this file reads. */
export interface PlatformRequest {
  method?: string;
  headers: IncomingMessage['headers'];
  body?: unknown;
  /** `NestFactory.create(AppModule, { rawBody: true })`: the exact bytes, on both platforms. */
  rawBody?: Uint8Array;
  /** Fastify: the Node request under the `FastifyRequest`. */
  raw?: IncomingMessage;
  /** Express 4's body-parser marks a consumed stream. */
  _body?: boolean;
  [NOTIFY_BODY_ERROR]?: unknown;
  [NOTIFY_RAW_BYTES]?: () => Uint8Array;
}

/** The answer, plus whether the connection should close (an unread upload is left on the socket). */
export interface NotifyAnswer {
  response: NotifyHttpResponse;
  closeConnection: boolean;
}

function headerOf(req: PlatformRequest): (name: string) => string | undefined {
  return (name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
}

const IDENTITY = /^\s*(identity)?\s*$/i;

/** Runs the core route for one request that reached the controller (after the app's guards). */
export async function answerNotify<TRequest>(route: NotifyRoute<TRequest>, req: PlatformRequest, platform: 'express' | 'fastify'): Promise<NotifyAnswer> {
  const method = req.method ?? 'GET';
  const header = headerOf(req);
  const request: NotifyHttpRequest<TRequest> = { method, header, body: undefined, request: req as TRequest };
  if (Object.prototype.hasOwnProperty.call(req, NOTIFY_BODY_ERROR)) {
    // The parser refused the body; the route decides what that means (400, 413, 415), exactly as it
    // would for bytes it read itself. Method and Content-Type are checked first, as always.
    const refused = route.precheck({ method, header });
    if (refused) return { response: refused, closeConnection: false };
    request.body = bodyAfterParserError(req[NOTIFY_BODY_ERROR], req, route.maxBodyBytes);
    return { response: await route.handle(request), closeConnection: false };
  }
  const stream: IncomingMessage | undefined = platform === 'fastify' ? req.raw : (req as unknown as IncomingMessage);
  const refused = route.precheck({ method, header });
  if (refused) return { response: refused, closeConnection: stream !== undefined && hasUnreadBody(req, stream) };

  const encoding = header('content-encoding');
  if (req.rawBody instanceof Uint8Array) {
    // rawBody: true → the exact bytes, so the cap is exact too.
    request.body = req.rawBody;
  } else if (platform === 'fastify' && encoding !== undefined && !IDENTITY.test(encoding)) {
    // Fastify does not decode a Content-Encoding: what it parsed are the encoded bytes. The route
    // refuses them (415) from the bytes as sent.
    request.body = req[NOTIFY_RAW_BYTES]?.() ?? new Uint8Array(0);
  } else if (platform === 'fastify' || (stream !== undefined && bodyConsumed(req, stream))) {
    // The platform parsed the JSON. The core route measures it by Content-Length (or re-serialized);
    // a parser turns an empty chunked body into `{}`: hand over the empty body it really was.
    if (req.body === undefined || header('content-length') === '0') request.body = undefined;
    else {
      request.parsedBody = req.body;
      request.hasParsedBody = true;
    }
  } else if (stream !== undefined) {
    // `bodyParser: false`: read the stream, stopping one byte past the cap.
    const read = await readBody(stream, route.maxBodyBytes);
    request.body = read.body;
    return { response: await route.handle(request), closeConnection: read.overflowed };
  }
  return { response: await route.handle(request), closeConnection: false };
}

/** The body to hand the route after the platform's parser refused it. */
function bodyAfterParserError(error: unknown, req: PlatformRequest, maxBodyBytes: number): Uint8Array | string | undefined {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { type?: unknown; code?: unknown; body?: unknown; statusCode?: unknown; status?: unknown };
  const status = typeof e.statusCode === 'number' ? e.statusCode : e.status;
  if (e.type === 'entity.too.large' || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
    // Past the cap (or past the platform's own limit): one byte more than the cap answers 413.
    return new Uint8Array(maxBodyBytes + 1);
  }
  // Fastify: the bytes as they came, so the route tells malformed JSON from a refused shape itself.
  const raw = req[NOTIFY_RAW_BYTES]?.();
  if (raw !== undefined) return raw;
  // Express: body-parser keeps the text it could not parse.
  if (e.type === 'entity.parse.failed' && typeof e.body === 'string') return e.body;
  // A coding it could not decode, a charset it refused: no body, so the route answers 415 for the
  // Content-Encoding or 400 invalid_json.
  return undefined;
}

/** body-parser's refusals of a body (not `entity.verify.failed`: that is the app's own check). */
const BODY_PARSER_TYPES = new Set(['entity.parse.failed', 'entity.too.large', 'encoding.unsupported', 'charset.unsupported', 'request.size.invalid']);

/**
 * Whether `error` is a refusal of the platform's body parser: body-parser's, zlib's (a body that
 * would not decompress), Fastify's content-type parsers'. Nothing else is handed to the route: an
 * error of other middleware or hooks (a CSRF check, say) keeps its own answer.
 */
export function isBodyParserError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { type, code, status, statusCode } = error as { type?: unknown; code?: unknown; status?: unknown; statusCode?: unknown };
  const httpStatus = typeof statusCode === 'number' ? statusCode : status;
  if (typeof httpStatus !== 'number' || httpStatus < 400 || httpStatus >= 500) return false;
  if (typeof type === 'string') return BODY_PARSER_TYPES.has(type);
  if (typeof code === 'string') return code.startsWith('FST_ERR_CTP_') || code.startsWith('Z_');
  // Fastify's JSON parser rejects malformed JSON (and prototype poisoning) with a 400 SyntaxError.
  return error instanceof SyntaxError && httpStatus === 400;
}

/** True once a body parser has read the stream: body-parser 1 marks `_body`; 2 leaves it ended. */
function bodyConsumed(req: PlatformRequest, stream: IncomingMessage): boolean {
  return req._body === true || stream.readableEnded;
}

/** True when a body is still on the socket; Node would otherwise drain all of it to keep the connection. */
function hasUnreadBody(req: PlatformRequest, stream: IncomingMessage): boolean {
  if (bodyConsumed(req, stream)) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
