/**
 * One HTTP exchange as every route sees it, whatever the host: accessors for the request, where its
 * body is, and where the answer goes. A host (Express, Fastify, Nest, the web handler) translates
 * its request and response into this once; every route (notify, delivery reports, the ones to come)
 * runs on it through `serveExchange`. How to add a route: ./ROUTES.md.
 */
import type { NotifyRouteClient } from './policy-types';

/** What a host needs of Node's `IncomingMessage` (any Node HTTP request fits). */
export interface NodeRequestLike {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly readableEnded?: boolean;
  readonly complete?: boolean;
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeListener(event: string, listener: (...args: any[]) => void): unknown;
  pause(): unknown;
}

/** What a host needs of Node's `ServerResponse`. */
export interface NodeResponseLike {
  readonly headersSent: boolean;
  readonly writableEnded?: boolean;
  readonly destroyed?: boolean;
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  end(text: string): unknown;
  destroy?(): unknown;
}

/**
 * Where the body is, as the host left it. The routes read streams themselves, with their cap and
 * timeout; a body the host parsed is handed over as it is (each route decides whether it can use it).
 */
export type BodySource =
  /** A Node request whose body nobody has read yet. */
  | { kind: 'node'; stream: NodeRequestLike }
  /** A web `Request`'s body stream (`null` when there is none). */
  | { kind: 'web'; stream: ReadableStream<Uint8Array> | null; used?: boolean }
  /** Exact bytes the host kept (Nest's `rawBody: true`, a buffer content-type parser). */
  | { kind: 'bytes'; bytes: Uint8Array | string | undefined }
  /** What a host's JSON parser (`express.json()`, Nest's, Fastify's) made of the body. */
  | { kind: 'parsed'; value: unknown }
  /** The host's parser refused the body before the route ran (its error, e.g. body-parser's or Fastify's). */
  | { kind: 'parser_error'; error: unknown };

/**
 * A route's answer, for the host to write as it is: a JSON body (an object) or plain text (a string,
 * e.g. the `fyno_token` echo). Routes always set `content-type` themselves.
 */
export interface ExchangeAnswer<TBody extends object | string = object | string> {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: TBody;
  /**
   * The unexpected error behind a 5xx, already given to the route's `onError` (or its default log
   * line). Never sent, and never to be handed to a host's error pipeline: its default page would show
   * the message and a stack.
   */
  unexpectedError?: unknown;
}

/** Writes a route's answer in the host's way. `closeConnection`: unread body bytes remain on the socket. */
export interface ExchangeSink<TAnswer extends ExchangeAnswer = ExchangeAnswer> {
  send(answer: TAnswer, options: { closeConnection: boolean }): void | Promise<void>;
  /** The sender went away mid-body: free the connection without an answer, where the runtime has not already. */
  abandon?(): void;
}

/** One whole exchange, as a host hands it to a route's `serve`. */
export interface Exchange<TRequest = unknown, TAnswer extends ExchangeAnswer = ExchangeAnswer> {
  /** HTTP method, any case. */
  method: string;
  /** The request target (path and query); only routes that read the query (`fyno_token`) need it. */
  url?: string;
  /** A request header by lower-case name. */
  header(name: string): string | undefined;
  /** Where the body is; asked once, after the checks that need no body passed or failed. */
  body(): BodySource;
  /** The host's request object, passed to the route's hooks (`identify`, `onReport`, …). */
  request: TRequest;
  /** The app's client for this request, when the host has one (e.g. Express's `req.fyno`). */
  client?: NotifyRouteClient;
  sink: ExchangeSink<TAnswer>;
}

/** A route that runs on the exchange: what every host mounts. */
export interface ExchangeRoute<TRequest = unknown, TAnswer extends ExchangeAnswer = ExchangeAnswer> {
  /**
   * The whole exchange: the checks that need no body, the body read with the route's cap and timeout,
   * the route's work, and the answer written to the sink. Never rejects and never hands an error to
   * the host: a client that went away gets no answer and causes no report.
   */
  serve(exchange: Exchange<TRequest, TAnswer>): Promise<void>;
  /** The body cap in bytes (a host whose own parser reads the body uses it as its limit). */
  readonly maxBodyBytes: number;
  /** The longest wait for a body once the headers are in. */
  readonly bodyTimeoutMs: number;
}

/** The text a host writes for an answer: the string itself, or the JSON of an object body. */
export function answerText(answer: ExchangeAnswer): string {
  return typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
}
