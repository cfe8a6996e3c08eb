/**
 * The one translation of an Express request and response into core's exchange, shared by every
 * route this package mounts (the notify route, the delivery-report receiver, the ones to come).
 */
import { isParserError, nodeExchange, type BodySource, type Exchange, type ExchangeRoute } from '@fyno-kit/core/adapter';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';

/** The exchange of one Express request; `body` overrides where the body is (default: as Express left it). */
export function expressExchange(req: Request, res: Response, body?: () => BodySource): Exchange<Request> {
  return nodeExchange(req, res, {
    request: req,
    // The whole target even under `app.use(path, …)`, which strips the mount path from `req.url`.
    url: req.originalUrl ?? req.url,
    client: (req as { fyno?: Request['fyno'] }).fyno,
    ...(body === undefined ? {} : { body }),
  });
}

/** Under `app.use(path, …)` every sub-path reaches a route; only the mount path itself is the route. */
export function isElsewhere(req: Request): boolean {
  return req.route === undefined && req.path !== '/';
}

/**
 * A route that reads a body, as Express mounts it: the handler, and an error handler for the same
 * path that answers a body the app's own parser (`express.json()`) refused, in the route's shape
 * instead of Express's page.
 */
export function bodyRouteHandlers(route: ExchangeRoute<Request, any>): [RequestHandler, ErrorRequestHandler] {
  const serve: RequestHandler = (req, res, next) => {
    if (isElsewhere(req)) return next();
    void route.serve(expressExchange(req, res) as never);
  };
  const serveParserError: ErrorRequestHandler = (error, req, res, next) => {
    if (isElsewhere(req) || !isParserError(error)) return next(error);
    void route.serve(expressExchange(req, res, () => ({ kind: 'parser_error', error })) as never);
  };
  return [serve, serveParserError];
}
