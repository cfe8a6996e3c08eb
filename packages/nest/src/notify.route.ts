/**
 * Serves the notify route on Nest's Express server through the shared handler in
 * `@fyno-kit/core/server`; this file only translates Express's request and response to it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpServer } from '@nestjs/common';
import type { Fyno } from '@fyno-kit/core';
import { createNotifyRoute, isParserError, nodeBodySource, nodeHeader, nodeSink, type NotifyBodySource, type NotifyRoute } from '@fyno-kit/core/server';
import { DEFAULT_NOTIFY_PATH } from './fyno.constants';
import type { FynoNotifyRouteOptions } from './fyno.options';

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

  express.all(fullPath, (req: ExpressRequest, res: ServerResponse) => {
    void serve(route, req, res, () => nodeBodySource(req));
  });
  // Express reaches error handlers through `use` layers only; `use` also matches sub-paths, hence the check.
  express.use(fullPath, (error: unknown, req: ExpressRequest, res: ServerResponse, next: Next) => {
    if (!isParserError(error) || (req.path !== '/' && req.path !== '')) {
      next(error);
      return;
    }
    void serve(route, req, res, () => ({ kind: 'parser_error', error }));
  });
  return fullPath;
}

/** One exchange through the core route: the body where Nest's parser left it, or the parser's refusal. */
function serve(route: NotifyRoute<ExpressRequest>, req: ExpressRequest, res: ServerResponse, body: () => NotifyBodySource): Promise<void> {
  return route.serve({ method: req.method ?? 'GET', header: nodeHeader(req), body, request: req, sink: nodeSink(res) });
}

