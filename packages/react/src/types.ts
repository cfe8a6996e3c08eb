/** The typed shapes shared by `useNotify()` and `createNotifyClient()`: variables, options, callbacks. */
import type { NotifyEventData, NotifyEventName, NotifySuccessBody } from '@fyno-kit/core/server';
import type { NotifyError } from './notify-error';

/** What a call sent: `{ event, data }`, typed per event from the policy `P`. */
export type NotifyVariables<P = unknown> = {
  [E in NotifyEventName<P>]: { event: E; data: NotifyEventData<P, E> };
}[NotifyEventName<P>];

/** What a call of event `E` sent. */
export interface NotifyEventVariables<P, E extends string> {
  event: E;
  data: NotifyEventData<P, E>;
}

/** Options of one request. */
export interface NotifyRequestOptions {
  /**
   * Sent as the `Idempotency-Key` header (1–200 visible ASCII characters; the route scopes it to
   * the user and event). Default: a new UUID per call. Pass your own to make a resend after a reload
   * count as the same notification. Calls with different keys never join.
   */
  idempotencyKey?: string;
  /**
   * Cancels the call: the request is aborted (if it is still in flight) and the call fails with
   * `NotifyError` code `aborted`; nothing more is sent. A request already received may still be
   * delivered. A call with a signal never joins another call, and no call joins it.
   */
  signal?: AbortSignal;
}

/**
 * TanStack Query's mutation callbacks. `variables` is what the call sent. A returned promise is
 * awaited before the next callback runs; a callback that throws is reported as an unhandled rejection
 * and changes neither the call's outcome nor the state.
 */
export interface NotifyCallbacks<V = NotifyVariables> {
  onSuccess?: (data: NotifySuccessBody, variables: V) => unknown;
  onError?: (error: NotifyError, variables: V) => unknown;
  onSettled?: (data: NotifySuccessBody | undefined, error: NotifyError | null, variables: V) => unknown;
}

/** Per-call options of `notify` / `notifyAsync`: request options plus call-level callbacks. */
export interface NotifyOptions<V = NotifyVariables> extends NotifyRequestOptions, NotifyCallbacks<V> {}

/** The arguments after the event name: `data` may be left out when the event's rule takes any data. */
export type NotifyArgs<P, E extends string, O = NotifyOptions<NotifyEventVariables<P, E>>> =
  undefined extends NotifyEventData<P, E> ? [data?: NotifyEventData<P, E>, options?: O] : [data: NotifyEventData<P, E>, options?: O];
