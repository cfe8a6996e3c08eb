/**
 * The notify route, written once for every framework: checks a browser's `{ event, data }` against
 * the policy, cheapest and least revealing checks first, then fires the event for the signed-in user.
 *
 * The stages, each in its own file and each testable alone, in order:
 * 1. precheck (./notify-precheck.ts): method → Content-Type → declared size → Content-Encoding;
 * 2. the body, read by the exchange loop with the cap and the body timeout (./serve-exchange.ts);
 * 3. body (./notify-body.ts): size → JSON → depth and shape → Idempotency-Key;
 * 4. authorize (./notify-authorize.ts): identify (401) → allow-list (403) → rate limit (429) → data (400);
 * 5. fire (./notify-fire.ts): hooks → Fyno → the browser's view of Fyno's answer.
 * What they share is built once per route (./notify-state.ts). Why each check exists: the security
 * model in the core README.
 */
import { telemetryOf, withSpan, type SpanHandle } from '../telemetry';
import type { NotifyHttpResponse } from './http-types';
import { authorizeNotify } from './notify-authorize';
import { readNotifyBody, type NotifyInput } from './notify-body';
import { fireNotify } from './notify-fire';
import { precheckNotify } from './notify-precheck';
import { notifyRouteState } from './notify-state';
import type { NotifyPolicy, NotifyRouteClient } from './policy-types';
import { errorResponse } from './response';
import type { NotifyExchange, NotifyRoute } from './route-types';
import { serveExchange, type RouteStages } from './serve-exchange';

/**
 * Creates a notify route from a policy. The route owns its rate limiter and, when the policy names
 * no client, a default `Fyno` created on first use; create it once and reuse it for every request.
 * A host mounts it with `route.serve(exchange)` (`@fyno-kit/core/adapter`; ./ROUTES.md).
 *
 * @example
 * const route = createNotifyRoute({ identify: (req) => req.userId, events: { order_shipped: {} } });
 * await route.serve(nodeExchange(req, res));
 */
export function createNotifyRoute<TRequest = unknown>(policy: NotifyPolicy<TRequest>): NotifyRoute<TRequest> {
  const state = notifyRouteState(policy);
  const { maxBodyBytes, bodyTimeoutMs } = state;

  /**
   * The stages that need the user, under the route's span when there is one. It is also the span's
   * callback itself: one async layer per request fewer than a wrapper around it (each layer is a
   * promise and a microtask turn on every accepted request).
   */
  async function decide(exchange: NotifyExchange<TRequest>, input: NotifyInput, span: SpanHandle | undefined): Promise<NotifyHttpResponse> {
    const allowed = await authorizeNotify(state, exchange.request, input, span);
    const answer = allowed.ok
      ? await fireNotify(state, allowed.authorized, { request: exchange.request, hostClient: exchange.client, idempotencyKey: input.idempotencyKey }, span)
      : allowed.answer;
    if (span?.recording) {
      span.set({ 'http.response.status_code': answer.status, 'fyno.notify.outcome': 'error' in answer.body ? answer.body.error.code : 'accepted' });
    }
    return answer;
  }

  /** `decide` under the client's telemetry (none: no span). */
  function traced(exchange: NotifyExchange<TRequest>, input: NotifyInput, client: NotifyRouteClient | undefined): Promise<NotifyHttpResponse> {
    // The route's own span (identify, limit, data check, fire), when the client traces; the
    // client's `fyno.fire` span nests under it. A client that cannot be built yet traces nothing.
    const telemetry = telemetryOf(client);
    if (telemetry === undefined) return decide(exchange, input, undefined);
    return withSpan(telemetry, 'fyno.notify', { 'fyno.event': state.isAllowed(input.event) ? input.event : undefined }, (span) =>
      decide(exchange, input, span),
    );
  }

  const stages: RouteStages<TRequest, NotifyHttpResponse> = {
    limits: { maxBodyBytes, bodyTimeoutMs },
    precheck: (exchange) => precheckNotify(exchange, maxBodyBytes),
    // Not async: with a client at hand (the policy's or the host's) the answer is `decide`'s own
    // promise, without a layer of its own around it.
    respond(exchange, body) {
      const read = readNotifyBody(body, exchange.header, maxBodyBytes);
      if (!read.ok) return read.answer;
      const client = policy.client ?? exchange.client;
      if (client !== undefined) return traced(exchange, read.input, client);
      return state.defaultClient().then(
        (built) => traced(exchange, read.input, built),
        () => traced(exchange, read.input, undefined),
      );
    },
    refuse: (code) => errorResponse(code),
    // Only a bug of ours (or a rule that throws where it may not) gets here.
    unexpected: (error) => state.unexpected(error, {}),
    lost: (error) => state.report(error, { code: 'internal_error' }),
  };

  return { maxBodyBytes, bodyTimeoutMs, serve: (exchange) => serveExchange(exchange, stages) };
}
