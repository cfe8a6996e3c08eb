/**
 * The notify route's fire stage, for a request the policy allowed: the rule's server-side hooks
 * (`to`, `callback`), the namespaced idempotency key, the fire, and Fyno's answer cut down to what
 * the browser may see (or an upstream failure mapped to the route's code).
 */
import type { SpanHandle } from '../telemetry';
import { isJsonObject } from './body';
import type { NotifyHttpResponse, NotifySuccessBody } from './http-types';
import { namespacedIdempotencyKey } from './idempotency-key';
import type { NotifyAuthorized } from './notify-authorize';
import type { NotifyRouteState } from './notify-state';
import type { NotifyRouteClient } from './policy-types';
import { errorResponse, successResponse } from './response';
import { classifyUpstreamError } from './upstream-error';

/** Keeps only `status` and `msg_id` per channel: destinations never go back to the browser. */
export function toSuccessBody(result: unknown, event: string): NotifySuccessBody {
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

/** What the fire needs besides the allowed request. */
export interface NotifyFireInput<TRequest> {
  /** The host's request, for the rule's hooks. */
  request: TRequest;
  /** The host's client for this request (Express's `req.fyno`), used when the policy names none. */
  hostClient: NotifyRouteClient | undefined;
  /** The browser's key, valid but not yet namespaced. */
  idempotencyKey: string | undefined;
}

/** Fires an allowed request and answers 202 or the upstream failure's code. Never rejects. */
export async function fireNotify<TRequest>(
  state: NotifyRouteState<TRequest>,
  allowed: NotifyAuthorized<TRequest>,
  input: NotifyFireInput<TRequest>,
  span?: SpanHandle,
): Promise<NotifyHttpResponse> {
  const { distinctId, event, rule, data } = allowed;
  let client: NotifyRouteClient;
  let payload: Parameters<NotifyRouteClient['fire']>[1];
  let idempotencyKey: string | undefined;
  try {
    const ctx = { distinctId, event, data, request: input.request };
    const to = rule.to ? await rule.to(ctx) : undefined;
    const callback = rule.callback ? await rule.callback(ctx) : undefined;
    payload = { distinct_id: distinctId };
    if (data !== undefined) payload.data = data;
    if (to !== undefined) payload.to = to;
    if (callback !== undefined) payload.callback = callback;
    client = state.policy.client ?? input.hostClient ?? (await state.defaultClient());
    if (input.idempotencyKey !== undefined) {
      idempotencyKey = await namespacedIdempotencyKey(distinctId, event, input.idempotencyKey);
    }
  } catch (error) {
    return state.unexpected(error, { event, distinctId });
  }

  span?.event('fire');
  let result: unknown;
  try {
    result = await client.fire(event, payload, idempotencyKey === undefined ? undefined : { idempotencyKey });
  } catch (error) {
    const failure = classifyUpstreamError(error);
    if (failure.code === 'internal_error') return state.unexpected(error, { event, distinctId });
    state.report(error, { event, distinctId, code: failure.code });
    const headers: Record<string, string> = {};
    if (failure.retryAfterSeconds !== undefined) headers['retry-after'] = String(failure.retryAfterSeconds);
    return errorResponse(failure.code, { headers });
  }
  return successResponse(toSuccessBody(result, event));
}
