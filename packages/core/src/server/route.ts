/**
 * The notify route, written once for every framework: checks a browser's `{ event, data }` against
 * the policy, cheapest and least revealing checks first, then fires the event for the signed-in user.
 *
 * Order: method → Content-Type → declared size → Content-Encoding → body (read with the cap and the
 * body timeout, or measured when a framework parsed it) → JSON → depth and shape → Idempotency-Key →
 * identify (401) → allow-list (403) → rate limit (429) → data (400) → hooks → Fyno. `identify` runs
 * before the allow-list so a signed-out caller learns nothing about which events exist. Why each
 * check exists: the security model in the core README.
 */
import { byteLengthOf, checkBodyShape, isJsonObject, measureParsedBody, parseJsonBody } from './body';
import { isJsonContentType } from './content-type';
import { checkData } from './data-rule';
import { lazyDefaultClient } from './default-client';
import { eventNotAllowedMessage } from './error-codes';
import { isValidIdempotencyKey, namespacedIdempotencyKey } from './idempotency-key';
import { telemetryOf, withSpan, type SpanHandle } from '../telemetry';
import { isThenable } from './is-thenable';
import { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_NOTIFY_MAX_BODY_BYTES } from './limits';
import { reportError } from './log-line';
import { serveExchange, type RouteStages } from './serve-exchange';
import { createRouteLimiter } from './rate-limiter';
import { errorResponse, successResponse } from './response';
import { classifyUpstreamError } from './upstream-error';
import { validatePolicy } from './validate-policy';
import type {
  NotifyRouteClient,
  NotifyErrorCode,
  NotifyExchange,
  NotifyHttpRequest,
  NotifyHttpResponse,
  NotifyPolicy,
  NotifyRoute,
  NotifySuccessBody,
} from './types';

const IDENTITY_ENCODING = /^\s*(identity)?\s*$/i;

interface ErrorInfo {
  event?: string;
  distinctId?: string;
  code: NotifyErrorCode;
}

/** Keeps only `status` and `msg_id` per channel: destinations never go back to the browser. */
function toSuccessBody(result: unknown, event: string): NotifySuccessBody {
  const r = (isJsonObject(result) ? result : {}) as { event?: unknown; request_id?: unknown; received_time?: unknown; response?: unknown };
  const channels: NotifySuccessBody['channels'] = {};
  if (isJsonObject(r.response)) {
    for (const channel of Object.keys(r.response)) {
      const value = r.response[channel];
      if (!isJsonObject(value)) continue;
      channels[channel] = { status: String(value.status ?? ''), msg_id: String(value.msg_id ?? '') };
    }
  }
  return {
    event: typeof r.event === 'string' ? r.event : event,
    request_id: typeof r.request_id === 'string' ? r.request_id : '',
    received_time: typeof r.received_time === 'string' ? r.received_time : new Date().toISOString(),
    channels,
  };
}

/**
 * Creates a notify route from a policy. The route owns its rate limiter and, when the policy names
 * no client, a default `Fyno` created on first use; create it once and reuse it for every request.
 *
 * @example
 * const route = createNotifyRoute({ identify: (req) => req.userId, events: { order_shipped: {} } });
 * const response = await route.handle({ method: 'POST', header, body, request: req });
 */
export function createNotifyRoute<TRequest = unknown>(policy: NotifyPolicy<TRequest>): NotifyRoute<TRequest> {
  validatePolicy(policy);
  const maxBodyBytes = policy.maxBodyBytes ?? DEFAULT_NOTIFY_MAX_BODY_BYTES;
  const bodyTimeoutMs = policy.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const limiter = createRouteLimiter(policy.rateLimit);
  const defaultClient = lazyDefaultClient();
  const events = policy.events;
  const isAllowed = (event: string | undefined): event is string => event !== undefined && Object.prototype.hasOwnProperty.call(events, event);

  function report(error: unknown, info: ErrorInfo): void {
    // Only an allowed event name is ever passed on: anything else is the caller's text.
    const safe: ErrorInfo = { code: info.code };
    if (isAllowed(info.event)) safe.event = info.event;
    if (info.distinctId !== undefined) safe.distinctId = info.distinctId;
    // Without a logger a failing upstream would be invisible: the default is one line, no upstream text.
    reportError(policy.onError, error, safe, 'notify route');
  }

  function unexpected(error: unknown, info: Omit<ErrorInfo, 'code'>): NotifyHttpResponse {
    report(error, { ...info, code: 'internal_error' });
    return errorResponse('internal_error', { error });
  }

  function precheck(request: Pick<NotifyHttpRequest<TRequest>, 'method' | 'header'>): NotifyHttpResponse | undefined {
    if (String(request.method).toUpperCase() !== 'POST') return errorResponse('method_not_allowed', { headers: { allow: 'POST' } });
    if (!isJsonContentType(request.header('content-type'))) return errorResponse('unsupported_media_type');
    const declared = request.header('content-length');
    if (declared !== undefined && Number(declared) > maxBodyBytes) return errorResponse('payload_too_large');
    // A content coding is refused whoever decodes it: the cap counts the bytes that were sent, and a
    // parser that inflates a compressed body would let 0.3 kB of gzip carry 90 kB of data.
    const encoding = request.header('content-encoding');
    if (encoding !== undefined && !IDENTITY_ENCODING.test(encoding)) {
      return errorResponse('unsupported_media_type', { message: 'Send the body without Content-Encoding.' });
    }
    return undefined;
  }

  async function run(request: NotifyHttpRequest<TRequest>): Promise<NotifyHttpResponse> {
    const early = precheck(request);
    if (early) return early;

    let value: unknown;
    let depthChecked = false;
    if (request.hasParsedBody ?? request.parsedBody !== undefined) {
      // The framework parsed it already: measure what was parsed, depth first (nothing recursive
      // may touch a body nested 8,000 deep), never trusting a declared length.
      const measured = measureParsedBody(request.parsedBody, maxBodyBytes);
      if (measured === 'too_deep') return errorResponse('invalid_body', { message: 'The request body is nested too deeply.' });
      if (measured === 'too_large') return errorResponse('payload_too_large');
      value = request.parsedBody;
      depthChecked = true;
    } else {
      if (byteLengthOf(request.body) > maxBodyBytes) return errorResponse('payload_too_large');
      const parsed = parseJsonBody(request.body);
      if (!parsed.ok) return errorResponse('invalid_json');
      value = parsed.value;
    }

    const shape = checkBodyShape(value, depthChecked);
    if (!shape.ok) return errorResponse(shape.code, shape.message === undefined ? {} : { message: shape.message });
    const { event, data } = shape.body;

    const rawKey = request.header('idempotency-key');
    if (rawKey !== undefined && !isValidIdempotencyKey(rawKey)) {
      return errorResponse('invalid_body', { message: 'Idempotency-Key must be 1 to 200 visible ASCII characters.' });
    }

    // The route's own span (identify, limit, data check, fire), when the client traces; the client's
    // `fyno.fire` span nests under it. A client that cannot be built yet traces nothing here.
    const telemetry = telemetryOf(policy.client ?? request.client ?? (await defaultClient().catch(() => undefined)));
    if (telemetry === undefined) return decide(request, event, data, rawKey, undefined);
    return withSpan(telemetry, 'fyno.notify', { 'fyno.event': isAllowed(event) ? event : undefined }, async (span) => {
      const response = await decide(request, event, data, rawKey, span);
      const code = 'error' in response.body ? response.body.error.code : 'accepted';
      span.set({ 'http.response.status_code': response.status, 'fyno.notify.outcome': code });
      return response;
    });
  }

  /** The checks that need the user (identify, allow-list, limit, data), then the fire. */
  async function decide(
    request: NotifyHttpRequest<TRequest>,
    event: string,
    data: unknown,
    rawKey: string | undefined,
    span: SpanHandle | undefined,
  ): Promise<NotifyHttpResponse> {
    let distinctId: unknown;
    try {
      const who = policy.identify(request.request);
      distinctId = isThenable(who) ? await who : who;
    } catch (error) {
      return unexpected(error, { event });
    }
    if (distinctId === null || distinctId === undefined || distinctId === '') return errorResponse('unauthorized');
    if (typeof distinctId !== 'string') {
      return unexpected(new TypeError(`identify() must return a string, null or undefined (got ${typeof distinctId})`), { event });
    }
    span?.event('identify');

    // Own properties only: `__proto__`, `constructor` or `toString` must never find a rule.
    if (!isAllowed(event)) return errorResponse('event_not_allowed', { message: eventNotAllowedMessage(event) });
    const rule = events[event]!;

    if (limiter) {
      const taking = limiter.take(distinctId);
      const decision = isThenable(taking) ? await taking : taking;
      if (!decision.allowed) {
        if ('unavailable' in decision) {
          // The shared store is down: refuse rather than skip the limit silently.
          report(decision.error, { event, distinctId, code: 'rate_limiter_unavailable' });
          return errorResponse('rate_limiter_unavailable', { headers: { 'retry-after': '5' } });
        }
        return errorResponse('rate_limited', { headers: { 'retry-after': String(decision.retryAfterSeconds) } });
      }
    }
    span?.event('rate_limit');

    const checked = await checkData(rule.data, data);
    if (!checked.ok) return errorResponse('invalid_data', { message: checked.message });
    span?.event('data_check');

    let client: NotifyRouteClient;
    let payload: Parameters<NotifyRouteClient['fire']>[1];
    let idempotencyKey: string | undefined;
    try {
      const ctx = { distinctId, event, data: checked.data, request: request.request };
      const to = rule.to ? await rule.to(ctx) : undefined;
      const callback = rule.callback ? await rule.callback(ctx) : undefined;
      payload = { distinct_id: distinctId };
      if (checked.data !== undefined) payload.data = checked.data;
      if (to !== undefined) payload.to = to;
      if (callback !== undefined) payload.callback = callback;
      client = policy.client ?? request.client ?? (await defaultClient());
      if (rawKey !== undefined) {
        const key = namespacedIdempotencyKey(distinctId, event, rawKey);
        idempotencyKey = typeof key === 'string' ? key : await key;
      }
    } catch (error) {
      return unexpected(error, { event, distinctId });
    }

    span?.event('fire');
    let result: unknown;
    try {
      result = await client.fire(event, payload, idempotencyKey === undefined ? undefined : { idempotencyKey });
    } catch (error) {
      const failure = classifyUpstreamError(error);
      if (failure.code === 'internal_error') return unexpected(error, { event, distinctId });
      report(error, { event, distinctId, code: failure.code });
      const headers: Record<string, string> = {};
      if (failure.retryAfterSeconds !== undefined) headers['retry-after'] = String(failure.retryAfterSeconds);
      return errorResponse(failure.code, { headers });
    }
    return successResponse(toSuccessBody(result, event));
  }

  async function handle(request: NotifyHttpRequest<TRequest>): Promise<NotifyHttpResponse> {
    try {
      return await run(request);
    } catch (error) {
      // Only a bug of ours (or a rule that throws where it may not) gets here.
      return unexpected(error, {});
    }
  }

  const stages: RouteStages<TRequest, NotifyHttpResponse> = {
    limits: { maxBodyBytes, bodyTimeoutMs },
    precheck,
    respond(exchange, body) {
      const request: NotifyHttpRequest<TRequest> =
        body.kind === 'parsed'
          ? { method: exchange.method, header: exchange.header, request: exchange.request, body: undefined, parsedBody: body.value, hasParsedBody: true }
          : { method: exchange.method, header: exchange.header, request: exchange.request, body: body.bytes };
      if (exchange.client !== undefined) request.client = exchange.client;
      return handle(request);
    },
    refuse: (code) => errorResponse(code),
    unexpected: (error) => unexpected(error, {}),
    lost: (error) => report(error, { code: 'internal_error' }),
  };

  const serve = (exchange: NotifyExchange<TRequest>): Promise<void> => serveExchange(exchange, stages);

  return { maxBodyBytes, bodyTimeoutMs, precheck, handle, serve };
}
