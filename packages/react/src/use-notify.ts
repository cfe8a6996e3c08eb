/** The `useNotify()` hook: fire a notification through the app's route, with `useMutation`-style state. */
import { useContext, useEffect, useState } from 'react';
import type { NotifyEventData, NotifyEventName, NotifySuccessBody } from '@fyno-kit/core/server';
import { FynoContext } from './provider';
import { newIdempotencyKey, postNotify, type NotifyConfig } from './request';
import type { NotifyError } from './notify-error';

/** Where the last call stands; the same names as TanStack Query's `useMutation`. */
export type NotifyStatus = 'idle' | 'pending' | 'success' | 'error';

/** Per-call options of `notify` / `notifyAsync`. */
export interface NotifyOptions {
  /**
   * Sent as the `Idempotency-Key` header (1–200 visible ASCII characters; the route scopes it to
   * the user and event). Default: a new UUID per call. Pass your own to make a resend after a reload
   * count as the same notification. Calls with different keys never join.
   */
  idempotencyKey?: string;
}

/** What a call sent: `{ event, data }`, typed per event from the policy `P`. */
export type NotifyVariables<P = unknown> = {
  [E in NotifyEventName<P>]: { event: E; data: NotifyEventData<P, E> };
}[NotifyEventName<P>];

/** The arguments after the event name: `data` may be left out when the event's rule takes any data. */
export type NotifyArgs<P, E extends string> =
  undefined extends NotifyEventData<P, E>
    ? [data?: NotifyEventData<P, E>, options?: NotifyOptions]
    : [data: NotifyEventData<P, E>, options?: NotifyOptions];

/** What {@link useNotify} returns. */
export interface UseNotifyResult<P = unknown> {
  /**
   * Sends `event` with `data`. Never throws and never rejects: the outcome lands in `status`,
   * `data` and `error`. A repeat call with the same event, data and `idempotencyKey` while the first
   * is still pending joins it (nothing more is sent), so a double click sends one notification.
   */
  notify: <E extends NotifyEventName<P>>(event: E, ...args: NotifyArgs<P, E>) => void;
  /**
   * Like `notify`, but returns the request's promise: resolves with the route's 202 body, rejects
   * with a {@link NotifyError}. A joined repeat call returns the very same promise.
   */
  notifyAsync: <E extends NotifyEventName<P>>(event: E, ...args: NotifyArgs<P, E>) => Promise<NotifySuccessBody>;
  status: NotifyStatus;
  isIdle: boolean;
  isPending: boolean;
  isSuccess: boolean;
  isError: boolean;
  /** The route's 202 body of the last call (request id and per-channel status), once it succeeded. */
  data: NotifySuccessBody | undefined;
  /** Why the last call failed, or null. */
  error: NotifyError | null;
  /** What the last call sent. */
  variables: NotifyVariables<P> | undefined;
  /** Back to `idle`; a call still in flight no longer changes the state when it ends. */
  reset: () => void;
}

interface State {
  status: NotifyStatus;
  data: NotifySuccessBody | undefined;
  error: NotifyError | null;
  variables: any;
}

interface InFlight {
  id: number;
  promise: Promise<NotifySuccessBody>;
  controller: AbortController;
  variables: unknown;
}

const IDLE: State = { status: 'idle', data: undefined, error: null, variables: undefined };

/** The hook's mutable side: one per component instance, created once, so its functions are stable. */
function createNotifier(setState: (state: State) => void) {
  const inFlight = new Map<string, InFlight>();
  let lastId = 0;
  let latest = 0; // the call whose outcome may set the state: the last one started (or joined)
  let unmounted = false;
  const self = {
    config: {} as NotifyConfig,
    notifyAsync(event: string, data?: unknown, options?: NotifyOptions): Promise<NotifySuccessBody> {
      const variables = { event, data };
      let body: string | undefined;
      try {
        body = JSON.stringify(variables);
      } catch {
        // left undefined: postNotify turns it into an `invalid_body` error, and it never joins
      }
      const key = options && options.idempotencyKey;
      const joinKey = body && body + '\n' + (key || '');
      let call = joinKey ? inFlight.get(joinKey) : undefined;
      if (!call) {
        const id = ++lastId;
        const controller = new AbortController();
        const settle = (state: State) => {
          if (joinKey) inFlight.delete(joinKey);
          if (!unmounted && latest === id) setState(state);
        };
        call = {
          id,
          controller,
          variables,
          promise: postNotify(self.config, body, key || newIdempotencyKey(), controller.signal).then(
            (result) => (settle({ status: 'success', data: result, error: null, variables }), result),
            (error: NotifyError) => {
              settle({ status: 'error', data: undefined, error, variables });
              throw error;
            },
          ),
        };
        if (joinKey) inFlight.set(joinKey, call);
      }
      latest = call.id;
      if (!unmounted) setState({ status: 'pending', data: undefined, error: null, variables: call.variables });
      return call.promise;
    },
    notify(event: string, data?: unknown, options?: NotifyOptions): void {
      self.notifyAsync(event, data, options).catch(() => {});
    },
    reset(): void {
      latest = 0;
      setState(IDLE);
    },
    /** Effect body: on unmount, abort what is in flight and stop touching state. */
    mount() {
      unmounted = false;
      return () => {
        unmounted = true;
        inFlight.forEach((call) => call.controller.abort());
      };
    },
  };
  return self;
}

/**
 * Fires notifications through the app's notify route (see `FynoProvider`; default
 * `/api/fyno/notify`) and tracks the last call like TanStack Query's `useMutation`.
 *
 * Pass the server policy's type to type event names and data: `useNotify<typeof policy>()` with
 * `import type { policy } from '../server/notify'` (a type-only import: no server code is bundled).
 *
 * - Every call sends an `Idempotency-Key` (a new UUID unless you pass one).
 * - A repeat call with the same event, data and key while the first is pending **joins** it: it
 *   returns the same promise and sends nothing, so a double click sends one notification.
 * - When different calls overlap, the last call owns the state; earlier ones still complete but
 *   do not overwrite it.
 * - On unmount, requests in flight are aborted and the state is no longer updated.
 *
 * Safe to render on a server: no browser global is read until a call is made.
 */
export function useNotify<P = unknown>(): UseNotifyResult<P> {
  const [state, setState] = useState(IDLE);
  const [notifier] = useState(() => createNotifier(setState));
  // Read at call time, so an inline `headers` object does not make `notify` change identity.
  notifier.config = useContext(FynoContext);
  useEffect(notifier.mount, [notifier]);
  const { status } = state;
  return {
    ...state,
    isIdle: status == 'idle',
    isPending: status == 'pending',
    isSuccess: status == 'success',
    isError: status == 'error',
    notify: notifier.notify as UseNotifyResult<P>['notify'],
    notifyAsync: notifier.notifyAsync as UseNotifyResult<P>['notifyAsync'],
    reset: notifier.reset,
  };
}
