/** The notify route as a host mounts it: a route on the one exchange model (./ROUTES.md). */
import type { Exchange, ExchangeRoute } from './exchange';
import type { NotifyHttpResponse } from './http-types';

/**
 * A notify route: the framework-agnostic handler with its own limiter and client. `serve` runs a
 * whole exchange (the framework's parsed body is used when there is one).
 */
export type NotifyRoute<TRequest = unknown> = ExchangeRoute<TRequest, NotifyHttpResponse>;

/** One whole exchange, as a host hands it to `route.serve`. */
export type NotifyExchange<TRequest = unknown> = Exchange<TRequest, NotifyHttpResponse>;
