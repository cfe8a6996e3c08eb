/**
 * Hands the platform parser's refusals on the notify route's path to the route instead of Nest's
 * global error handler, so they pass the app's guards and get the route's error shape; on Fastify,
 * also makes the route's cap Fastify's body limit for this route. Installed from
 * `FynoModule.configure()`, which Nest runs after its body parsers are mounted and before it
 * registers routes, through the platform's own public API (Express `app.use`, Fastify's `onRoute`).
 */
import { Transform } from 'node:stream';
import { armBodyReadDeadline, isClientGone, isParserError } from '@fyno-kit/core/adapter';
import type { HttpServer } from '@nestjs/common';
import { isNotifyUrl } from './notify-path';
import { NOTIFY_BODY_ERROR, NOTIFY_RAW_BYTES, type PlatformRequest } from './notify-request';

export interface PlatformHooksSetup {
  adapter: HttpServer | undefined;
  /** The route's controller path (normalised), without the global prefix. */
  controllerPath: string;
  maxBodyBytes: number;
  /** The route's `bodyTimeoutMs`: bounds Fastify's read of the body (Fastify's requestTimeout is 0). */
  bodyTimeoutMs: number;
}

/** Installs the hooks for the app's platform; any other platform cannot serve the route. */
export function installPlatformHooks({ adapter, controllerPath, maxBodyBytes, bodyTimeoutMs }: PlatformHooksSetup): void {
  const type = adapter?.getType?.();
  if (type === 'express') handOffExpressParserErrors(adapter!.getInstance(), controllerPath);
  else if (type === 'fastify') addFastifyRouteHooks(adapter!.getInstance(), controllerPath, maxBodyBytes, bodyTimeoutMs);
  else throw new Error(`FynoModule: notifyRoute needs @nestjs/platform-express or @nestjs/platform-fastify (this app's HTTP adapter is "${String(type)}")`);
}

type ExpressRequest = PlatformRequest & { path?: string };
type Next = (error?: unknown) => void;
interface ExpressApp {
  use(handler: (error: unknown, req: ExpressRequest, res: unknown, next: Next) => void): unknown;
}

/**
 * Express runs Nest's JSON parser before any route and sends its errors to Nest's global error
 * handler. This error middleware sits between the two, for the route's path only: it keeps the
 * refusal on the request and lets routing go on, so the route's guards run and the route answers it.
 */
function handOffExpressParserErrors(app: ExpressApp, controllerPath: string): void {
  app.use((error, req, _res, next) => {
    if (!isParserError(error) || req.path === undefined || !isNotifyUrl(req.path, controllerPath)) {
      next(error);
      return;
    }
    // A client that went away mid-body is gone: no guard, filter or log line for an empty socket.
    if (isClientGone(error)) return;
    req[NOTIFY_BODY_ERROR] = error;
    next();
  });
}

interface FastifyRouteOptions {
  url?: string;
  config?: Record<string, unknown>;
  bodyLimit?: number;
  preParsing?: unknown;
  handler: (this: unknown, request: PlatformRequest, reply: unknown) => unknown;
  errorHandler?: (this: unknown, error: unknown, request: PlatformRequest, reply: unknown) => unknown;
}
interface FastifyInstanceLike {
  addHook(name: 'onRoute', hook: (route: FastifyRouteOptions) => void): unknown;
}

/**
 * For this route only: Fastify's body limit becomes the route's cap, the bytes going by are kept (so
 * the route judges a body Fastify could not parse exactly as the other adapters do), and a parser
 * refusal runs the Nest handler (guards, interceptors, route filter) instead of Nest's error handler.
 */
function addFastifyRouteHooks(fastify: FastifyInstanceLike, controllerPath: string, maxBodyBytes: number, bodyTimeoutMs: number): void {
  let ours: string | undefined;
  fastify.addHook('onRoute', (route) => {
    if (route.url === undefined || !isNotifyUrl(route.url, controllerPath)) return;
    // Matched by the path's end (see isNotifyUrl): a second route there would get these hooks too.
    if (ours !== undefined && ours !== route.url) {
      throw new Error(
        `FynoModule: both ${ours} and ${route.url} end in the notify route's path "${controllerPath}"; give notifyRoute a path no other route ends in`,
      );
    }
    ours = route.url;
    route.bodyLimit = maxBodyBytes;
    const preParsing = route.preParsing === undefined ? [] : Array.isArray(route.preParsing) ? route.preParsing : [route.preParsing];
    route.preParsing = [...preParsing, keepBytes(maxBodyBytes, bodyTimeoutMs)];
    const handler = route.handler;
    route.errorHandler = function notifyErrorHandler(this: unknown, error, request, reply) {
      // Fastify hands on Node's ECONNRESET "aborted": the client is gone, so is the exchange (as in
      // @fyno-kit/fastify). Nothing reaches the app's filters or Nest's error log.
      if (isClientGone(error)) return undefined;
      if (!isParserError(error) || Object.prototype.hasOwnProperty.call(request, NOTIFY_BODY_ERROR)) throw error;
      request[NOTIFY_BODY_ERROR] = error;
      return Promise.resolve(handler.call(this, request, reply)).then(() => undefined);
    };
  });
}

/**
 * A preParsing hook passing the body through unchanged while keeping its first `maxBodyBytes + 1`
 * bytes, and ending a body that has not arrived within `bodyTimeoutMs` (Fastify's `requestTimeout` is
 * 0 by default, so nothing else would; see `armBodyReadDeadline`).
 */
function keepBytes(maxBodyBytes: number, bodyTimeoutMs: number) {
  return (
    request: PlatformRequest,
    _reply: unknown,
    payload: NodeJS.ReadableStream & { receivedEncodedLength?: number },
    done: (error: Error | null, stream?: NodeJS.ReadableStream) => void,
  ): void => {
    const limit = maxBodyBytes + 1;
    const chunks: Buffer[] = [];
    let size = 0;
    request[NOTIFY_RAW_BYTES] = () => Buffer.concat(chunks, size);
    const tee = new Transform({
      transform(chunk: Buffer | string, _encoding, callback) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        if (size < limit) {
          const part = bytes.subarray(0, limit - size);
          chunks.push(part);
          size += part.length;
        }
        callback(null, bytes);
      },
    });
    // A timed-out read fails the body here, and so the tee Fastify reads (core's body-read deadline).
    const onError = (error: Error): void => void tee.destroy(error);
    payload.on('error', onError);
    const stopDeadline = armBodyReadDeadline(payload, request.raw?.socket, bodyTimeoutMs);
    // Nothing of ours stays on the request once its body is read or given up on.
    tee.once('close', () => {
      stopDeadline();
      payload.removeListener('error', onError);
    });
    payload.pipe(tee);
    done(null, tee);
  };
}
