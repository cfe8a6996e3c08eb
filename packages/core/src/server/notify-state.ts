/**
 * What the notify route's stages share, built once per route from its policy: the limits, the
 * allow-list, the limiter, the default client and how an error is reported. Every stage takes it as
 * an argument instead of closing over it, so each stage runs (and is tested) alone.
 */
import { lazyDefaultClient } from './default-client';
import type { NotifyErrorCode, NotifyHttpResponse } from './http-types';
import { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_NOTIFY_MAX_BODY_BYTES } from './limits';
import { reportError } from './log-line';
import type { NotifyPolicy, NotifyRouteClient } from './policy-types';
import { createRouteLimiter, type RouteLimiter } from './rate-limiter';
import { errorResponse } from './response';
import { validatePolicy } from './validate-policy';

/** What an error report says besides the error; `event` only when it is an allowed event. */
export interface NotifyErrorInfo {
  event?: string;
  distinctId?: string;
  code: NotifyErrorCode;
}

/** The route's shared state. Created by `notifyRouteState(policy)`, once per route. */
export interface NotifyRouteState<TRequest> {
  readonly policy: NotifyPolicy<TRequest>;
  readonly maxBodyBytes: number;
  readonly bodyTimeoutMs: number;
  /** `undefined` when the policy turned the limit off. */
  readonly limiter: RouteLimiter | undefined;
  /** The `Fyno` built from `FYNO_*` variables on first use, for a policy and host that give none. */
  readonly defaultClient: () => Promise<NotifyRouteClient>;
  /** Own properties of `events` only: `__proto__`, `constructor` or `toString` never find a rule. */
  isAllowed(event: string | undefined): event is string;
  /** Gives an error to `onError` (or the default line), passing on only an allowed event name. */
  report(error: unknown, info: NotifyErrorInfo): void;
  /** Reports an unexpected error and returns the 500 that carries it as `unexpectedError`. */
  unexpected(error: unknown, info: Omit<NotifyErrorInfo, 'code'>): NotifyHttpResponse;
}

/** Checks the policy (a misconfigured one throws a `TypeError` here, at start-up) and builds the context. */
export function notifyRouteState<TRequest>(policy: NotifyPolicy<TRequest>): NotifyRouteState<TRequest> {
  validatePolicy(policy);
  const events = policy.events;
  const isAllowed = (event: string | undefined): event is string => event !== undefined && Object.prototype.hasOwnProperty.call(events, event);
  const report = (error: unknown, info: NotifyErrorInfo): void => {
    // Only an allowed event name is ever passed on: anything else is the caller's text.
    const safe: NotifyErrorInfo = { code: info.code };
    if (isAllowed(info.event)) safe.event = info.event;
    if (info.distinctId !== undefined) safe.distinctId = info.distinctId;
    // Without a logger a failing upstream would be invisible: the default is one line, no upstream text.
    reportError(policy.onError, error, safe, 'notify route');
  };
  return {
    policy,
    maxBodyBytes: policy.maxBodyBytes ?? DEFAULT_NOTIFY_MAX_BODY_BYTES,
    bodyTimeoutMs: policy.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
    limiter: createRouteLimiter(policy.rateLimit),
    defaultClient: lazyDefaultClient(),
    isAllowed,
    report,
    unexpected(error, info) {
      report(error, { ...info, code: 'internal_error' });
      return errorResponse('internal_error', { error });
    },
  };
}
