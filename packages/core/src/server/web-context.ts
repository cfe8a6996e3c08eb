/**
 * The web handlers' second argument: `identify(request, context)` receives whatever the host passes
 * after the `Request` (Hono's `c`, SvelteKit's `RequestEvent`, a Worker's `env`), while the route
 * underneath keeps the one-argument `identify(request)` every host shares.
 */

/** An `identify` that also receives the host's context. */
export type ContextIdentify<TContext> = (request: Request, context: TContext) => string | null | undefined | Promise<string | null | undefined>;

/**
 * The handler's arguments: the context is required when `identify` declares one. Without one it is an
 * optional `unknown`, so a host that passes its own second argument (Next.js passes `{ params }`, and
 * `next build` checks the route's type) can call the handler as it is.
 */
export type HandlerArgs<TContext> = undefined extends TContext ? [request: Request, context?: TContext] : [request: Request, context: TContext];

/**
 * Builds a web handler whose `identify` receives the context: `build` gets the policy with a
 * one-argument `identify` (once), and each call remembers its context for that request only.
 */
export function withContext<TContext, P extends { identify: ContextIdentify<TContext> }>(
  policy: P,
  build: (policy: Omit<P, 'identify'> & { identify: (request: Request) => ReturnType<ContextIdentify<TContext>> }) => (request: Request) => Promise<Response>,
): (...args: HandlerArgs<TContext>) => Promise<Response> {
  const contexts = new WeakMap<Request, TContext>();
  const { identify } = policy;
  const handle = build({
    ...policy,
    // A policy without a function is passed on as it is, for the route's own check to name.
    identify: typeof identify === 'function' ? (request: Request) => identify(request, contexts.get(request) as TContext) : identify,
  } as never);
  return (request, context?) => {
    if (context !== undefined) contexts.set(request, context);
    return handle(request);
  };
}
