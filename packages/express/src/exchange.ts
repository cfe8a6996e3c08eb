/**
 * The one translation of an Express request and response into core's exchange, shared by every
 * route this package mounts (the notify route, the delivery-report receiver, the ones to come).
 */
import { nodeExchange, type BodySource, type Exchange } from '@fyno-kit/core/adapter';
import type { Request, Response } from 'express';

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
