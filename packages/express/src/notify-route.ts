/**
 * `notifyRoute(policy)`: the core notify route as Express middleware. It reads its own body (no
 * `express.json()` needed), writes the JSON answer itself, and hands unexpected errors to `next`.
 */
import { createNotifyRoute, type NotifyHttpResponse, type NotifyPolicy } from '@fyno-kit/core/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { announcesBody, readBody } from './read-body';

function write(res: Response, response: NotifyHttpResponse, closeConnection: boolean): void {
  const text = JSON.stringify(response.body);
  const headers: Record<string, string | number> = { ...response.headers, 'content-length': Buffer.byteLength(text) };
  // Unread body bytes would be parsed as the next request on a kept-alive socket.
  if (closeConnection) headers.connection = 'close';
  // Plain Node write: Express's `res.send` would add an ETag to an answer that must not be cached.
  res.writeHead(response.status, headers);
  res.end(text);
}

function headerOf(req: Request): (name: string) => string | undefined {
  return (name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
}

/**
 * The notify route the browser (`useNotify()`) calls. Mount it at its path:
 * `app.use('/api/fyno/notify', notifyRoute(policy))` (or `app.post(path, notifyRoute(policy))`).
 * `identify` receives the Express `req`. Without `policy.client`, it sends with `req.fyno` when the
 * `fyno()` middleware ran, else with a `Fyno` built from `FYNO_*` variables on first use.
 * Errors the route does not expect (`identify` throws) go to `next(err)`.
 *
 * @example
 * app.use(fyno());
 * app.use('/api/fyno/notify', notifyRoute({
 *   identify: (req) => req.session?.userId ?? null,
 *   events: { order_shipped: { data: z.object({ order: z.string() }) } },
 * }));
 */
export function notifyRoute(policy: NotifyPolicy<Request>): RequestHandler {
  const route = createNotifyRoute<Request>(policy);

  async function handle(req: Request, res: Response, next: NextFunction): Promise<void> {
    const header = headerOf(req);
    const early = route.precheck({ method: req.method, header });
    if (early) {
      write(res, early, !req.readableEnded && announcesBody(req));
      return;
    }
    const body = await readBody(req, route.maxBodyBytes);
    if (body.kind === 'gone') return;
    const response = await route.handle({
      method: req.method,
      header,
      body: body.kind === 'raw' ? body.bytes : undefined,
      ...(body.kind === 'parsed' ? { parsedBody: body.value, hasParsedBody: true } : {}),
      request: req,
      client: (req as { fyno?: Request['fyno'] }).fyno,
    });
    if (response.unexpectedError !== undefined) {
      next(response.unexpectedError);
      return;
    }
    write(res, response, body.kind === 'raw' && !body.complete);
  }

  return function fynoNotifyRoute(req, res, next) {
    // Under `app.use(path, …)` every sub-path reaches us; only the mount path itself is the route.
    if (req.route === undefined && req.path !== '/') {
      next();
      return;
    }
    handle(req, res, next).catch(next);
  };
}
