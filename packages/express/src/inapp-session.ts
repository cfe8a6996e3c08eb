/**
 * `inappSession(options)`: the core in-app session route as Express middleware. Translation only:
 * the request becomes core's exchange (express/src/exchange.ts); the route does the rest.
 */
import { createInappSessionRoute } from '@fyno-kit/core/adapter';
import type { InappSessionOptions } from '@fyno-kit/core/server';
import type { Request, RequestHandler } from 'express';
import { expressExchange, isElsewhere } from './exchange';

/**
 * The route the browser's inbox (`useInbox()`) calls for its signed session. Mount it at its path:
 * `app.post('/api/fyno/inapp-session', inappSession({ identify }))` (or under `app.use`). `identify`
 * receives the Express `req` (the same function as the notify route's). Without `options.client` it
 * signs with `req.fyno` when the `fyno()` middleware ran, else with a `Fyno` built from `FYNO_*`
 * variables. The integration token (`integrationToken` or `FYNO_INAPP_TOKEN`) never leaves the server.
 *
 * @example
 * app.post('/api/fyno/inapp-session', inappSession({ identify: (req) => req.session?.userId ?? null }));
 */
export function inappSession(options: InappSessionOptions<Request>): RequestHandler {
  const route = createInappSessionRoute<Request>(options);
  return function fynoInappSession(req, res, next) {
    if (isElsewhere(req)) return next();
    void route.serve(expressExchange(req, res) as never);
  };
}
