/**
 * The one place that turns a Nest request (Express `Request` or `FastifyRequest`) into the call of
 * the shared notify route in `@fyno-kit/core/server`: method, headers, and the body in the form the
 * platform left it (parsed, raw bytes, an unread stream, or a refusal of the platform's parser).
 */
import type { IncomingMessage } from 'node:http';
import { nodeBodySource, nodeHeader, type BodySource, type ExchangeAnswer, type ExchangeRoute, type NotifyHttpResponse } from '@fyno-kit/core/adapter';

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
export interface NotifyAnswer<TAnswer extends ExchangeAnswer = NotifyHttpResponse> {
  response: TAnswer;
  closeConnection: boolean;
}

// Refusals about the body's size or time, not its content: the bytes seen so far are not the body.
const SIZE_OR_TIME_ERRORS = new Set(['entity.too.large', 'FST_ERR_CTP_BODY_TOO_LARGE', 'request.timeout']);

/** Where the body is, as the platform left it. */
function bodySource(req: PlatformRequest, platform: 'express' | 'fastify'): BodySource {
  if (Object.prototype.hasOwnProperty.call(req, NOTIFY_BODY_ERROR)) {
    const error = req[NOTIFY_BODY_ERROR];
    const { type, code } = (typeof error === 'object' && error !== null ? error : {}) as { type?: unknown; code?: unknown };
    // Fastify: the bytes as they came, so the route tells malformed JSON from a refused shape itself
    // (Fastify's parser refuses `__proto__` keys as a SyntaxError, the route as invalid_body).
    const raw = req[NOTIFY_RAW_BYTES]?.();
    if (raw !== undefined && !SIZE_OR_TIME_ERRORS.has(String(type ?? code))) return { kind: 'bytes', bytes: raw };
    return { kind: 'parser_error', error };
  }
  if (req.rawBody instanceof Uint8Array) return { kind: 'bytes', bytes: req.rawBody };
  if (platform === 'express') return nodeBodySource(req as unknown as IncomingMessage & PlatformRequest);
  // Fastify parsed the JSON; a parser turns an empty body into `{}`: hand over the empty body it was.
  if (req.body === undefined || req.headers['content-length'] === '0') return { kind: 'bytes', bytes: undefined };
  return { kind: 'parsed', value: req.body };
}

/**
 * What a route does with the body: `platform` reads it as the platform left it (parsed, raw bytes,
 * an unread stream, a parser's refusal); `unused` hands over whatever the parser made of it, unread,
 * for a route that uses no body (the in-app session), so a stray upload is never read or refused.
 */
export type RouteBody = 'platform' | 'unused';

/**
 * Runs a core route (notify, in-app session, preferences) for one request that reached the
 * controller (after the app's guards). The answer is captured, not written: the controller returns
 * it (or throws it as a refusal) so the app's interceptors and the route's filter see it.
 * `undefined` when the sender went away mid-body. `client`: the module's, when the route has none.
 */
export async function answerRoute<TRequest, TAnswer extends ExchangeAnswer = NotifyHttpResponse>(
  route: ExchangeRoute<TRequest, TAnswer>,
  req: PlatformRequest,
  platform: 'express' | 'fastify',
  { body = 'platform', client }: { body?: RouteBody; client?: unknown } = {},
): Promise<NotifyAnswer<TAnswer> | undefined> {
  let answer: NotifyAnswer<TAnswer> | undefined;
  await route.serve({
    method: req.method ?? 'GET',
    header: nodeHeader(req),
    body: body === 'unused' ? () => ({ kind: 'parsed', value: req.body }) : () => bodySource(req, platform),
    request: req as TRequest,
    ...(client === undefined ? {} : { client: client as never }),
    sink: {
      send: (response, { closeConnection }) => void (answer = { response, closeConnection }),
      abandon: () => (platform === 'fastify' ? req.raw : (req as unknown as IncomingMessage))?.destroy(),
    },
  });
  return answer;
}
