/**
 * `fyno()`: one shared Fyno client for the whole app, on `req.fyno`. The client holds a connection
 * pool, so it is created once, with the middleware, never per request.
 */
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { isFynoClient } from '@fyno-kit/core/adapter';
import type { RequestHandler } from 'express';

declare global {
  // Express's own augmentation point, merged into `Request` by @types/express for ESM and CJS alike.
  namespace Express {
    interface Request {
      /** The app's shared Fyno client, set by the `fyno()` middleware. */
      fyno: Fyno;
    }
  }
}

/** The `fyno()` middleware, with the client it hands out (e.g. to `close()` it on shutdown). */
export type FynoMiddleware = RequestHandler & {
  /** The one client every request gets as `req.fyno`. */
  readonly client: Fyno;
};

/**
 * Puts one shared Fyno client on `req.fyno`. Pass options (default: `FYNO_*` environment
 * variables) or a client you built yourself. Missing configuration throws here, at start-up.
 *
 * @example
 * app.use(fyno());
 * app.post('/orders/:id/ship', async (req, res) => {
 *   await req.fyno.fire('order_shipped', { distinct_id: req.user.id, data: { order: req.params.id } });
 *   res.sendStatus(204);
 * });
 */
export function fyno(options?: FynoOptions | Fyno): FynoMiddleware {
  const client = isFynoClient(options) ? options : new Fyno(options);
  const middleware: RequestHandler = (req, _res, next) => {
    req.fyno = client;
    next();
  };
  return Object.assign(middleware, { client });
}
