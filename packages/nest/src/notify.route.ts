/**
 * Serves the notify route on Nest's Express server through the shared handler in
 * `@fyno-kit/core/server`; this file only translates Express's request and response to it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpServer } from '@nestjs/common';
import type { Fyno } from '@fyno-kit/core';
import { createNotifyRoute, type NotifyHttpRequest, type NotifyHttpResponse, type NotifyRoute } from '@fyno-kit/core/server';
import { DEFAULT_NOTIFY_PATH } from './fyno.constants';
import type { FynoNotifyRouteOptions } from './fyno.options';
import { readBody } from './read-body';

/** What Express and its body parsers leave on a request. */
type ExpressRequest = IncomingMessage & {
  body?: unknown;
  /** Set by Nest when the app is created with `rawBody: true`: the exact bytes. */
  rawBody?: Uint8Array;
  /** Set by body-parser 1 (Express 4) once it has consumed the stream. */
  _body?: boolean;
  /** Path below the mount point, in `app.use(path, …)` handlers. */
  path?: string;
};
type Next = (error?: unknown) => void;

/** The part of Nest's Express adapter used here (it forwards both calls to the Express app). */
interface ExpressAdapterLike {
  all(path: string, handler: (req: ExpressRequest, res: ServerResponse, next: Next) => void): unknown;
  use(path: string, handler: (error: unknown, req: ExpressRequest, res: ServerResponse, next: Next) => void): unknown;
}

/** The error body-parser passes to `next` (http-errors with a `type`). */
interface BodyParserError {
  type: string;
  status?: number;
  /** The raw text, on `entity.parse.failed`. */
  body?: unknown;
}

const SAFE_PATH = /^[A-Za-z0-9\-._~/]+$/;

/** `api/fyno/notify`, `/api/fyno/notify/` → `/api/fyno/notify`. Only literal paths: no Express patterns. */
export function normalizeNotifyPath(path: string): string {
  const trimmed = `/${path.trim().replace(/^\/+|\/+$/g, '')}`;
  if (trimmed === '/' || !SAFE_PATH.test(trimmed) || trimmed.includes('//')) {
    throw new TypeError(`notifyRoute.path must be a literal URL path such as "${DEFAULT_NOTIFY_PATH}" (got "${path}")`);
  }
  return trimmed;
}

/**
 * Adds the route to the HTTP server as a plain Express handler, plus an error handler for the same
 * path: Nest's JSON parser runs before any route, and without it a malformed or oversized body would
 * get Nest's error format instead of the route's `{ error: { code, message } }`.
 *
 * @returns the path served.
 */
export function registerNotifyRoute(adapter: HttpServer, options: FynoNotifyRouteOptions, client: Fyno): string {
  const type = adapter.getType?.();
  if (type !== 'express') {
    throw new Error(`FynoModule: notifyRoute needs @nestjs/platform-express (this app's HTTP adapter is "${String(type)}")`);
  }
  const { path = DEFAULT_NOTIFY_PATH, ...policy } = options;
  const fullPath = normalizeNotifyPath(path);
  const route = createNotifyRoute<ExpressRequest>({ ...policy, client: policy.client ?? client });
  const express = adapter as unknown as ExpressAdapterLike;

  express.all(fullPath, (req: ExpressRequest, res: ServerResponse, next: Next) => {
    serve(route, req, res).catch(next);
  });
  // Express reaches error handlers through `use` layers only; `use` also matches sub-paths, hence the check.
  express.use(fullPath, (error: unknown, req: ExpressRequest, res: ServerResponse, next: Next) => {
    if (!isBodyParserError(error) || (req.path !== '/' && req.path !== '')) {
      next(error);
      return;
    }
    serveAfterParserError(route, error, req, res).catch(next);
  });
  return fullPath;
}

function headerOf(req: IncomingMessage): (name: string) => string | undefined {
  return (name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
}

async function serve(route: NotifyRoute<ExpressRequest>, req: ExpressRequest, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const header = headerOf(req);
  // Method, Content-Type and declared length first: a wrong request is refused before any body is read.
  const refused = route.precheck({ method, header });
  if (refused) {
    write(res, refused, hasUnreadBody(req));
    return;
  }
  const request: NotifyHttpRequest<ExpressRequest> = { method, header, body: undefined, request: req };
  let closeAfter = false;
  if (req.rawBody instanceof Uint8Array) {
    // `NestFactory.create(AppModule, { rawBody: true })`: the exact bytes, so the cap is exact too.
    request.body = req.rawBody;
  } else if (bodyConsumed(req)) {
    // Nest's JSON parser already read the stream; the core handler enforces the cap by Content-Length
    // (or by re-serializing when there is none). A parser turns an empty chunked body into `{}`:
    // hand the core the empty body it really was when the length says so.
    if (req.body === undefined || header('content-length') === '0') request.body = undefined;
    else {
      request.parsedBody = req.body;
      request.hasParsedBody = true;
    }
  } else {
    const read = await readBody(req, route.maxBodyBytes);
    request.body = read.body;
    closeAfter = read.overflowed;
  }
  write(res, await route.handle(request), closeAfter);
}

/** Answers a request whose body Nest's parser refused, as the route would have answered it. */
async function serveAfterParserError(
  route: NotifyRoute<ExpressRequest>,
  error: BodyParserError,
  req: ExpressRequest,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? 'GET';
  const header = headerOf(req);
  const refused = route.precheck({ method, header });
  if (refused) {
    write(res, refused, false);
    return;
  }
  const request: NotifyHttpRequest<ExpressRequest> = { method, header, body: undefined, request: req };
  if (error.type === 'entity.parse.failed' && typeof error.body === 'string') {
    // The parser keeps the text it could not parse: the core handler parses it again and answers
    // `invalid_json` (or `invalid_body` for JSON the parser's strict mode refused, like `"text"`).
    request.body = error.body;
  } else if (error.type === 'entity.too.large') {
    // Larger than Nest's own parser limit (100 kB unless configured): past any sensible cap. One byte
    // more than the cap makes the core handler answer exactly as for a body it read itself.
    request.body = new Uint8Array(route.maxBodyBytes + 1);
  }
  // Any other parser failure (an unsupported Content-Encoding, a body that could not be decoded)
  // reaches the handler with no body and is refused as not valid JSON.
  write(res, await route.handle(request), false);
}

/** True once a body parser has read the stream: body-parser 1 (Express 4) marks `_body`; 2 (Express 5) leaves it ended. */
function bodyConsumed(req: ExpressRequest): boolean {
  return req._body === true || req.readableEnded;
}

/** True when a body is still on the socket; Node would otherwise drain all of it to keep the connection. */
function hasUnreadBody(req: ExpressRequest): boolean {
  if (bodyConsumed(req)) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isBodyParserError(error: unknown): error is BodyParserError {
  if (typeof error !== 'object' || error === null || typeof (error as { status?: unknown }).status !== 'number') return false;
  const { type, code } = error as { type?: unknown; code?: unknown };
  // body-parser's own errors carry a `type`; a body it failed to decompress surfaces zlib's error
  // (`Z_DATA_ERROR`, …) with only a status.
  return typeof type === 'string' || (typeof code === 'string' && code.startsWith('Z_'));
}

function write(res: ServerResponse, response: NotifyHttpResponse, closeConnection: boolean): void {
  if (res.headersSent) return;
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  // An unread upload is left on the socket: closing it is cheaper than draining it.
  if (closeConnection) res.setHeader('connection', 'close');
  res.end(JSON.stringify(response.body));
}
