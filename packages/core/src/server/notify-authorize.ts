/**
 * The notify route's authorize stage: who is asking (401), may they fire this event (403), have they
 * fired too often (429), and is the data right for it (400), in that order. `identify` comes before
 * the allow-list, so a signed-out caller learns nothing about which events exist; the limit comes
 * before the data check, so bad data still spends the caller's budget.
 */
import type { SpanHandle } from '../telemetry';
import { checkData } from './data-rule';
import { eventNotAllowedMessage } from './error-codes';
import type { NotifyHttpResponse } from './http-types';
import type { NotifyInput } from './notify-body';
import type { NotifyRouteState } from './notify-state';
import type { EventRule } from './policy-types';
import { errorResponse } from './response';

/** A request the policy allows: the user, the event's rule and the data after the rule's check. */
export interface NotifyAuthorized<TRequest> {
  distinctId: string;
  event: string;
  rule: EventRule<TRequest>;
  data: Record<string, unknown> | undefined;
}

export type NotifyAuthorizeResult<TRequest> = { ok: true; authorized: NotifyAuthorized<TRequest> } | { ok: false; answer: NotifyHttpResponse };

const refuse = <TRequest>(answer: NotifyHttpResponse): NotifyAuthorizeResult<TRequest> => ({ ok: false, answer });

/** Runs the policy's checks for `input`, sent by the host's `request`. Never rejects. */
export async function authorizeNotify<TRequest>(
  state: NotifyRouteState<TRequest>,
  request: TRequest,
  input: Pick<NotifyInput, 'event' | 'data'>,
  span?: SpanHandle,
): Promise<NotifyAuthorizeResult<TRequest>> {
  const { event } = input;
  let distinctId: unknown;
  try {
    distinctId = await state.policy.identify(request);
  } catch (error) {
    return refuse(state.unexpected(error, { event }));
  }
  if (distinctId === null || distinctId === undefined || distinctId === '') return refuse(errorResponse('unauthorized'));
  if (typeof distinctId !== 'string') {
    return refuse(state.unexpected(new TypeError(`identify() must return a string, null or undefined (got ${typeof distinctId})`), { event }));
  }
  span?.event('identify');

  if (!state.isAllowed(event)) return refuse(errorResponse('event_not_allowed', { message: eventNotAllowedMessage(event) }));
  const rule = state.policy.events[event]!;

  if (state.limiter) {
    const decision = await state.limiter.take(distinctId);
    if (!decision.allowed) {
      if ('unavailable' in decision) {
        // The shared store is down: refuse rather than skip the limit silently.
        state.report(decision.error, { event, distinctId, code: 'rate_limiter_unavailable' });
        return refuse(errorResponse('rate_limiter_unavailable', { headers: { 'retry-after': '5' } }));
      }
      return refuse(errorResponse('rate_limited', { headers: { 'retry-after': String(decision.retryAfterSeconds) } }));
    }
  }
  span?.event('rate_limit');

  const checked = await checkData(rule.data, input.data);
  if (!checked.ok) return refuse(errorResponse('invalid_data', { message: checked.message }));
  span?.event('data_check');
  return { ok: true, authorized: { distinctId, event, rule, data: checked.data } };
}
