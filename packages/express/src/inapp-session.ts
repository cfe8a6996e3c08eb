/**
 * `inappSession(options)`: the core in-app session route as Express middleware. It only
 * translates the request's accessors and a Node response sink; the core route does the rest.
 */
import { createInappSessionRoute, inappNodeSink, nodeHeader, type InappSessionOptions } from '@fyno-kit/core/server';
import type { Request, RequestHandler } from 'express';

/**
 * The route the browser's inbox (`useInbox()`) calls for its signed session. Mount it at its path:
 * `app.post('/api/fyno/inapp-session', inappSession({ identify }))`. `identify` receives the Express
 * `req` (the same function as the notify route's). Without `options.client` it signs with `req.fyno`
 * when the `fyno()` middleware ran, else with a `Fyno` built from `FYNO_*` variables. The integration
 * token (`integrationToken` or `FYNO_INAPP_TOKEN`) never leaves the server.
 *
 * @example
 * app.post('/api/fyno/inapp-session', inappSession({ identify: (req) => req.session?.userId ?? null }));
 */
export function inappSession(options: InappSessionOptions<Request>): RequestHandler {
  const route = createInappSessionRoute<Request>(options);
  return function fynoInappSession(req, res, next) {
    // Under `app.use(path, …)` every sub-path reaches us; only the mount path itself is the route.
    if (req.route === undefined && req.path !== '/') return next();
    const client = (req as { fyno?: Request['fyno'] }).fyno;
    void route.serve({
      method: req.method,
      header: nodeHeader(req),
      request: req,
      ...(client === undefined ? {} : { client }),
      sink: inappNodeSink(res),
    });
  };
}
