/**
 * `notifyRoute(policy)`: the core notify route as Express middleware. It only translates: the
 * request's accessors, where its body is, and a Node response sink; the core route does the rest.
 */
import { createNotifyRoute, isParserError, nodeBodySource, nodeHeader, nodeSink, type NotifyBodySource, type NotifyPolicy } from '@fyno-kit/core/server';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';

/**
 * The route as Express mounts it: the handler, and an error handler for the same path that answers a
 * body the app's own parser (`express.json()`) refused, in the route's shape instead of Express's page.
 */
export type NotifyRouteHandlers = [RequestHandler, ErrorRequestHandler];

/**
 * The notify route the browser (`useNotify()`) calls. Mount it at its path:
 * `app.use('/api/fyno/notify', notifyRoute(policy))` (or `app.post(path, notifyRoute(policy))`).
 * `identify` receives the Express `req`. Without `policy.client`, it sends with `req.fyno` when the
 * `fyno()` middleware ran, else with a `Fyno` built from `FYNO_*` variables on first use.
 * It reads its own body, or uses what `express.json()` parsed when that ran first. It always answers
 * with its own JSON: no error reaches `next(err)` or Express's error page (`onError` or the default
 * log line gets unexpected ones), and a client that goes away mid-body gets nothing and reports nothing.
 *
 * @example
 * app.use(fyno());
 * app.use('/api/fyno/notify', notifyRoute({
 *   identify: (req) => req.session?.userId ?? null,
 *   events: { order_shipped: { data: z.object({ order: z.string() }) } },
 * }));
 */
export function notifyRoute(policy: NotifyPolicy<Request>): NotifyRouteHandlers {
  const route = createNotifyRoute<Request>(policy);
  // Under `app.use(path, …)` every sub-path reaches us; only the mount path itself is the route.
  const elsewhere = (req: Request) => req.route === undefined && req.path !== '/';

  function serve(req: Request, res: Parameters<RequestHandler>[1], body: () => NotifyBodySource): void {
    const client = (req as { fyno?: Request['fyno'] }).fyno;
    void route.serve({
      method: req.method,
      header: nodeHeader(req),
      body,
      request: req,
      ...(client === undefined ? {} : { client }),
      sink: nodeSink(res),
    });
  }

  const fynoNotifyRoute: RequestHandler = (req, res, next) => {
    if (elsewhere(req)) return next();
    serve(req, res, () => nodeBodySource(req));
  };
  const fynoNotifyRouteParserErrors: ErrorRequestHandler = (error, req, res, next) => {
    if (elsewhere(req) || !isParserError(error)) return next(error);
    serve(req, res, () => ({ kind: 'parser_error', error }));
  };
  return [fynoNotifyRoute, fynoNotifyRouteParserErrors];
}
