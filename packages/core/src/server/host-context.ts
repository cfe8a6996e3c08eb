/**
 * The web handlers' second argument (Hono's `c`, React Router's action args, the H3 event, a Worker's
 * `env`) handed to `identify` beside the `Request`, per request. Kept in a WeakMap keyed by the
 * `Request`, so the routes underneath stay `(request) => …` and the rules' hooks still get the `Request`.
 */
import type { ExchangeAnswer, ExchangeRoute } from './exchange';
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
): (...args: NotifyHandlerArgs<TContext>) => Promise<Response> {
  const identify = options?.identify;
  const host = typeof identify === 'function' ? hostContext(identify) : undefined;
  const handle = webHandler(createRoute({ ...options, identify: host?.identify ?? identify } as TOptions));
  return (request, context?) => {
    host?.remember(request, context);
    return handle(request);
  };
}
