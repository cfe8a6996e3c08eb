/**
 * Gives the notify controller its path and guards once the options and the global prefix are known
 * (in `FynoModule.configure()`, which Nest runs after the body parsers and before it registers
 * routes), and hands the platform parser's refusals on this path into the route instead of Nest's
 * global error handler, so they pass the app's guards and get the route's error shape.
 */
import { Transform } from 'node:stream';
import { All, type CanActivate, type HttpServer, type OnModuleInit, type Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { NotifyControllerInstance } from './notify.controller';
import { notifyControllerPath, notifyUrlPath, readGlobalPrefix } from './notify-path';
import { isParserError } from '@fyno-kit/core/adapter';
import { NOTIFY_BODY_ERROR, NOTIFY_RAW_BYTES, type PlatformRequest } from './notify-request';
import type { FynoNotifyRouteOptions } from './fyno.options';

// Metadata keys, the same strings in Nest 10, 11 and 12 (`@nestjs/common` constants and
// `@nestjs/platform-fastify`'s `@RouteConfig()`), so this package needs no Fastify import.
const GUARDS_METADATA = '__guards__';
const FASTIFY_ROUTE_CONFIG_METADATA = '__fastify_route_config__';
const ROUTE_MARK = 'fynoNotifyRoute';

export interface NotifyRouteSetup {
  controller: Type<NotifyControllerInstance>;
  options: FynoNotifyRouteOptions<never>;
  maxBodyBytes: number;
  moduleRef: ModuleRef;
  adapter: HttpServer | undefined;
}

let routeCount = 0;

/** Returns the URL path the route answers at. */
export async function setUpNotifyRoute({ controller, options, maxBodyBytes, moduleRef, adapter }: NotifyRouteSetup): Promise<string> {
  const type = adapter?.getType?.();
  if (type !== 'express' && type !== 'fastify') {
    throw new Error(`FynoModule: notifyRoute needs @nestjs/platform-express or @nestjs/platform-fastify (this app's HTTP adapter is "${String(type)}")`);
  }
  const prefix = readGlobalPrefix(moduleRef);
  const controllerPath = notifyControllerPath(options.path, prefix);
  const urlPath = notifyUrlPath(controllerPath, prefix);
  const proto = controller.prototype as NotifyControllerInstance;
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'notify')!;
  const method = descriptor.value as object;

  // A guard class is built by Nest in this module's scope (its dependencies: global providers, or
  // forRootAsync's `imports`). Built here, not listed for the scanner: with forRootAsync the list is
  // known only now, after the scan, and a class the scanner missed would be skipped silently.
  const guards: CanActivate[] = [];
  for (const guard of options.guards ?? []) {
    if (typeof (guard as CanActivate).canActivate === 'function') {
      guards.push(guard as CanActivate);
      continue;
    }
    const instance = await moduleRef.create(guard as Type<CanActivate>);
    // Nest runs this hook for the injectables it manages (ThrottlerGuard reads its options there).
    await (instance as Partial<OnModuleInit>).onModuleInit?.();
    guards.push(instance);
  }
  Reflect.defineMetadata(GUARDS_METADATA, guards, method);
  const mark = `route-${++routeCount}`;
  Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { [ROUTE_MARK]: mark }, method);
  // Every method: the route itself answers 405 with `Allow: POST`, in its own error shape.
  All(controllerPath)(proto, 'notify', descriptor);

  if (type === 'express') handOffExpressParserErrors(adapter!.getInstance(), urlPath);
  else addFastifyRouteHooks(adapter!.getInstance(), mark, urlPath, maxBodyBytes);
  return urlPath;
}

type ExpressRequest = PlatformRequest & { path?: string };
type Next = (error?: unknown) => void;
interface ExpressApp {
  use(path: string, handler: (error: unknown, req: ExpressRequest, res: unknown, next: Next) => void): unknown;
}

/**
 * Express runs Nest's JSON parser before any route and sends its errors to Nest's global error
 * handler. This error middleware sits between the two, for this path only: it keeps the refusal on
 * the request and lets routing go on, so the route's guards run and the route answers it.
 */
function handOffExpressParserErrors(app: ExpressApp, urlPath: string): void {
  app.use(urlPath, (error, req, _res, next) => {
    // `use` matches sub-paths too; the route is this path only.
    if (!isParserError(error) || (req.path !== '/' && req.path !== '')) {
      next(error);
      return;
    }
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
function addFastifyRouteHooks(fastify: FastifyInstanceLike, mark: string, urlPath: string, maxBodyBytes: number): void {
  fastify.addHook('onRoute', (route) => {
    // Nest ≥ 11 passes the route config on; older versions are matched by URL.
    const ours = route.config?.[ROUTE_MARK] === mark || (route.config?.[ROUTE_MARK] === undefined && route.url === urlPath);
    if (!ours) return;
    route.bodyLimit = maxBodyBytes;
    const preParsing = route.preParsing === undefined ? [] : Array.isArray(route.preParsing) ? route.preParsing : [route.preParsing];
    route.preParsing = [...preParsing, keepBytes(maxBodyBytes)];
    const handler = route.handler;
    route.errorHandler = async function notifyErrorHandler(this: unknown, error, request, reply) {
      if (!isParserError(error) || Object.prototype.hasOwnProperty.call(request, NOTIFY_BODY_ERROR)) throw error;
      request[NOTIFY_BODY_ERROR] = error;
      await handler.call(this, request, reply);
    };
  });
}

/** A preParsing hook passing the body through unchanged while keeping its first `maxBodyBytes + 1` bytes. */
function keepBytes(maxBodyBytes: number) {
  return (request: PlatformRequest, _reply: unknown, payload: NodeJS.ReadableStream & { receivedEncodedLength?: number }, done: (error: Error | null, stream?: NodeJS.ReadableStream) => void): void => {
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
    payload.on('error', (error: Error) => tee.destroy(error));
    payload.pipe(tee);
    done(null, tee);
  };
}
