/**
 * The web handlers' second argument (Hono's `c`, React Router's action args, the H3 event, a Worker's
 * `env`) handed to `identify` beside the `Request`, per request. Kept in a WeakMap keyed by the
 * `Request`, so the routes underneath stay `(request) => …` and the rules' hooks still get the `Request`.
 */
import type { ExchangeAnswer, ExchangeRoute } from './exchange';
import { headersOnlyRequest, type NodeHandlerArgs, serveOnNode } from './node-handler';
import { webHandler } from './web-exchange';

/** An `identify` that reads the host's context as well as the `Request`. */
export type IdentifyWithContext<TContext> = (request: Request, context: TContext) => string | null | undefined | Promise<string | null | undefined>;

/** A route's options for its web handler: the same, but `identify` also receives the handler's second argument. */
export type WithHostContext<TOptions, TContext> = Omit<TOptions, 'identify'> & { identify: IdentifyWithContext<TContext> };

/**
 * The handler's arguments: the context is required when `identify` declares one. Without one it is an
 * optional `unknown`, so a host that passes its own second argument (Next.js passes `{ params }`, and
 * `next build` checks the route's type) can call the handler as it is.
 */
export type NotifyHandlerArgs<TContext> = undefined extends TContext ? [request: Request, context?: TContext] : [request: Request, context: TContext];

/**
 * A route's web handler with a context, `handler(request, context)`, and the same route on Node's
 * request and response, `handler.node(req, res, context)` (H3 1's `event.node.req` and
 * `event.node.res`, with the H3 event as the context): there it reads the body from Node's stream,
 * and `identify` gets the request line and headers as a `Request` without a body.
 */
export interface ContextWebHandler<TContext> {
  (...args: NotifyHandlerArgs<TContext>): Promise<Response>;
  node(...args: NodeHandlerArgs<TContext>): Promise<void>;
}

/** `identify` for the route (request only), and `remember` for the handler to call with each request's context. */
export function hostContext<TContext>(identify: IdentifyWithContext<TContext>): {
  identify: (request: Request) => ReturnType<IdentifyWithContext<TContext>>;
  remember(request: Request, context: TContext | undefined): void;
} {
  const contexts = new WeakMap<Request, TContext>();
  return {
    identify: (request) => identify(request, contexts.get(request) as TContext),
    remember(request, context) {
      if (context !== undefined) contexts.set(request, context);
    },
  };
}

/**
 * A route's web handler whose `identify` also receives the handler's second argument: the route is
 * made once, here, by `createRoute` from `options` with a request-only `identify` (or the caller's
 * value as given, when it is not a function, so the route's own validation names it); each call
 * remembers its context first. One place for the notify, in-app session and preferences handlers.
 */
export function contextWebHandler<TOptions, TAnswer extends ExchangeAnswer, TContext>(
  createRoute: (options: TOptions) => ExchangeRoute<Request, TAnswer>,
  options: WithHostContext<TOptions, TContext>,
): ContextWebHandler<TContext> {
  const identify = options?.identify;
  const host = typeof identify === 'function' ? hostContext(identify) : undefined;
  const route = createRoute({ ...options, identify: host?.identify ?? identify } as TOptions);
  const handle = webHandler(route);
  const handler = (...[request, context]: NotifyHandlerArgs<TContext>) => {
    host?.remember(request, context);
    return handle(request);
  };
  return Object.assign(handler, {
    node: (...[req, res, context]: NodeHandlerArgs<TContext>) => {
      const request = headersOnlyRequest(req);
      host?.remember(request, context);
      return serveOnNode(route, req, res, request);
    },
  });
}
