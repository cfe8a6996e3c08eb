/**
 * The notify route, written once for every framework: checks a browser's `{ event, data }` against
 * the policy, cheapest and least revealing checks first, then fires the event for the signed-in user.
 *
 * Order: method → Content-Type → size → Content-Encoding → JSON → body shape → Idempotency-Key → identify (401) →
 * allow-list (403) → rate limit (429) → data (400) → hooks → Fyno. `identify` runs before the
 * allow-list so a signed-out caller learns nothing about which events exist.
 */
import { byteLengthOf, checkBodyShape, isJsonObject, parseJsonBody } from './body';
import { isJsonContentType } from './content-type';
import { checkData } from './data-rule';
import { lazyDefaultClient } from './default-client';
import { isValidIdempotencyKey, namespacedIdempotencyKey } from './idempotency-key';
import { RateLimiter } from './rate-limiter';
import { errorResponse, successResponse } from './response';
import { classifyUpstreamError } from './upstream-error';
import { validatePolicy } from './validate-policy';
import type {
  NotifyClient,
  NotifyErrorCode,
  NotifyHttpRequest,
  NotifyHttpResponse,
  NotifyPolicy,
  NotifyRoute,
  NotifySuccessBody,
} from './types';

const IDENTITY_ENCODING = /^\s*(identity)?\s*$/i;

/** Default body cap: 16 kB is far more than any template data a page should send. */
export const DEFAULT_MAX_BODY_BYTES = 16_384;

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

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error;
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
  const maxBodyBytes = policy.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const limiter = policy.rateLimit === false ? undefined : new RateLimiter(policy.rateLimit ?? {});
  const defaultClient = lazyDefaultClient();
  const events = policy.events;

  function report(error: unknown, info: ErrorInfo): void {
    try {
      if (policy.onError) policy.onError(error, info);
      // Without a logger a failing upstream would be invisible. The line names the error, never
      // the request or the key (fyno-kit errors carry no key by construction).
      else console.error(`[fyno-kit] notify route: ${info.code}${info.event ? ` (event "${info.event}")` : ''}: ${describe(error)}`);
    } catch {
      // A broken logger must not turn a handled failure into a crash.
    }
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
    return undefined;
  }

  async function run(request: NotifyHttpRequest<TRequest>): Promise<NotifyHttpResponse> {
    const early = precheck(request);
    if (early) return early;

    let value: unknown;
    if (request.hasParsedBody ?? request.parsedBody !== undefined) {
      // The framework parsed it already. Without a declared length, measure it re-serialized.
      if (request.header('content-length') === undefined) {
        const text = JSON.stringify(request.parsedBody) ?? '';
        if (byteLengthOf(text) > maxBodyBytes) return errorResponse('payload_too_large');
      }
      value = request.parsedBody;
    } else {
      if (byteLengthOf(request.body) > maxBodyBytes) return errorResponse('payload_too_large');
      // Raw bytes in a content coding (gzip …) we do not decode. A parser that ran earlier decoded them.
      const encoding = request.header('content-encoding');
      if (encoding !== undefined && !IDENTITY_ENCODING.test(encoding)) {
        return errorResponse('unsupported_media_type', { message: 'Send the body without Content-Encoding.' });
      }
      const parsed = parseJsonBody(request.body);
      if (!parsed.ok) return errorResponse('invalid_json');
      value = parsed.value;
    }

    const shape = checkBodyShape(value);
    if (!shape.ok) return errorResponse(shape.code, shape.message === undefined ? {} : { message: shape.message });
    const { event, data } = shape.body;

    const rawKey = request.header('idempotency-key');
    if (rawKey !== undefined && !isValidIdempotencyKey(rawKey)) {
      return errorResponse('invalid_body', { message: 'Idempotency-Key must be 1 to 200 visible ASCII characters.' });
    }

    let distinctId: unknown;
    try {
      distinctId = await policy.identify(request.request);
    } catch (error) {
      return unexpected(error, { event });
    }
    if (distinctId === null || distinctId === undefined || distinctId === '') return errorResponse('unauthorized');
    if (typeof distinctId !== 'string') {
      return unexpected(new TypeError(`identify() must return a string, null or undefined (got ${typeof distinctId})`), { event });
    }

    // Own properties only: `__proto__`, `constructor` or `toString` must never find a rule.
    const rule = Object.prototype.hasOwnProperty.call(events, event) ? events[event] : undefined;
    if (rule === undefined) return errorResponse('event_not_allowed');

    if (limiter) {
      const decision = limiter.take(distinctId);
      if (!decision.allowed) return errorResponse('rate_limited', { headers: { 'retry-after': String(decision.retryAfterSeconds) } });
    }

    const checked = await checkData(rule.data, data);
    if (!checked.ok) return errorResponse('invalid_data', { message: checked.message });

    let client: NotifyClient;
    let payload: Parameters<NotifyClient['fire']>[1];
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
      if (rawKey !== undefined) idempotencyKey = await namespacedIdempotencyKey(distinctId, event, rawKey);
    } catch (error) {
      return unexpected(error, { event, distinctId });
    }

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

  return {
    maxBodyBytes,
    precheck,
    async handle(request) {
      try {
        return await run(request);
      } catch (error) {
        // Only a bug of ours (or a rule that throws where it may not) gets here.
        return unexpected(error, {});
      }
    },
  };
}
