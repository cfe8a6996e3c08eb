/** The `useNotify()` hook: fire a notification through the app's route, with `useMutation`-style state. */
import { useContext, useEffect, useState } from 'react';
import type { NotifyEventName, NotifySuccessBody } from '@fyno-kit/core/server';
import { FynoContext } from './provider';
import { newIdempotencyKey, postNotify, toBody, type NotifyConfig } from './request';
import type { NotifyError } from './notify-error';
import type { NotifyArgs, NotifyCallbacks, NotifyOptions, NotifyVariables } from './types';
import { runCallbacks } from './run-callbacks';

/** Where the last call stands; the same names as TanStack Query's `useMutation`. */
export type NotifyStatus = 'idle' | 'pending' | 'success' | 'error';

/** Options of `useNotify()`: hook-level callbacks, run for every call of this hook. */
export type UseNotifyOptions<P = unknown> = NotifyCallbacks<NotifyVariables<P>>;

/** What {@link useNotify} returns. */
export interface UseNotifyResult<P = unknown> {
  /**
   * Sends `event` with `data`. Never throws and never rejects: the outcome lands in `status`,
   * `data` and `error`, and in the callbacks. A repeat call with the same event, data and
   * `idempotencyKey` while the first is still pending, or within a second of its success, joins it
   * (nothing more is sent), so a double click sends one notification.
   */
  notify: <E extends NotifyEventName<P>>(event: E, ...args: NotifyArgs<P, E>) => void;
  /**
   * Like `notify`, but returns the request's promise: resolves with the route's 202 body (after the
   * callbacks ran), rejects with a {@link NotifyError}. A joined repeat call returns the same promise.
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
  /** When the last call was made (`Date.now()`), or 0 before any call. */
  submittedAt: number;
  /** Back to `idle`; a call still in flight no longer changes the state nor runs its call-level callbacks. */
  reset: () => void;
}

interface State {
  status: NotifyStatus;
  data: NotifySuccessBody | undefined;
  error: NotifyError | null;
  variables: any;
  submittedAt: number;
}

/**
 * How long a succeeded call still joins an identical repeat. A double click's second click can come
 * after a fast answer (a local route answers in milliseconds; the clicks are ~100–500 ms apart), and
 * joining only while pending would send that second click as a second notification.
 */
export const REPEAT_JOIN_MS = 1_000;

interface Call {
  id: number;
  promise: Promise<NotifySuccessBody>;
  /** The state a caller joining it sees: pending (its variables and submittedAt), then its success. */
  pending: State;
  /** The call-level options of the latest caller (a joined call brings its own). */
  options: NotifyOptions<any>;
}

type Callbacks = NotifyCallbacks<any>;

const toState = (status: NotifyStatus, data?: NotifySuccessBody, error: NotifyError | null = null, variables?: unknown, submittedAt = 0): State => ({
  status,
  data,
  error,
  variables,
  submittedAt,
});

/**
 * The hook's mutable side: one per component instance, created once, so its functions are stable.
 * React never sees it change: config and hook-level callbacks arrive through `update`, from an effect.
 */
function createNotifier(setState: (state: State) => void, config: NotifyConfig, callbacks: Callbacks | undefined) {
  const inFlight = new Map<string, Call>();
  let lastId = 0;
  let latest = 0; // the call whose outcome may set the state: the last one started (or joined)
  let unmounted = false;
  const self = {
    notifyAsync(event: string, data?: unknown, options: NotifyOptions<any> = {}): Promise<NotifySuccessBody> {
      const variables = { event, data };
      // Undefined when not JSON: postNotify turns it into an `invalid_body` error, and it never joins.
      const body = toBody(event, data);
      const key = options.idempotencyKey;
      const joinKey = !options.signal && body && body + '\n' + (key || '');
      let call = joinKey ? inFlight.get(joinKey) : undefined;
      if (!call) {
        const id = ++lastId;
        const submittedAt = Date.now();
        // Hook-level callbacks run for every call, mounted or not (they may toast, invalidate a
        // cache); the state and the call-level callbacks only for the latest call while mounted.
        const settle = async (result: NotifySuccessBody | undefined, error: NotifyError | null) => {
          const state = toState(error ? 'error' : 'success', result, error, variables, submittedAt);
          // A failure is let go at once, so clicking again retries; a success joins repeats a while longer.
          if (joinKey) {
            if (error) inFlight.delete(joinKey);
            else {
              current.pending = state;
              // Nothing else can take this key meanwhile: every repeat joins this call.
              setTimeout(() => inFlight.delete(joinKey), REPEAT_JOIN_MS);
            }
          }
          await runCallbacks(callbacks, result, error, variables);
          if (!unmounted && latest === id) {
            setState(state);
            await runCallbacks(current.options, result, error, variables);
          }
          if (error) throw error;
          return result!;
        };
        const current: Call = {
          id,
          pending: toState('pending', undefined, null, variables, submittedAt),
          options,
          // Unmounting does not abort: a notification is a side effect the user asked for.
          promise: postNotify(config, body, key || newIdempotencyKey(), options.signal).then(
            (result) => settle(result, null),
            (error: NotifyError) => settle(undefined, error),
          ),
        };
        call = current;
        if (joinKey) inFlight.set(joinKey, call);
      }
      call.options = options;
      latest = call.id;
      if (!unmounted) setState(call.pending);
      return call.promise;
    },
    notify(event: string, data?: unknown, options?: NotifyOptions<any>): void {
      self.notifyAsync(event, data, options).catch(() => {});
    },
    reset(): void {
      latest = 0;
      setState(toState('idle'));
    },
    /**
     * Effect body, after every commit: takes the provider's config and the hook-level callbacks of
     * that render, and marks the hook mounted until the cleanup. The cleanup of one commit and the
     * effect of the next run back to back, so only a real unmount leaves it unmounted: then no
     * state update and no call-level callback; requests go on.
     */
    sync(nextConfig: NotifyConfig, nextCallbacks: Callbacks | undefined) {
      config = nextConfig;
      callbacks = nextCallbacks;
      unmounted = false;
      return () => {
        unmounted = true;
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
 * - Every call sends an `Idempotency-Key` (a new UUID unless you pass one), with `keepalive`.
 * - A repeat call with the same event, data and key while the first is pending, or within
 *   `REPEAT_JOIN_MS` (1 s) of its success, **joins** it: a double click sends one notification.
 * - When different calls overlap, the last call owns the state.
 * - Unmounting (a navigation) never cancels a call; only a per-call `signal` does. After unmount
 *   the state is not updated and call-level callbacks do not run; hook-level callbacks still do.
 *
 * Safe to render on a server: no browser global is read until a call is made.
 */
export function useNotify<P = unknown>(options?: UseNotifyOptions<P>): UseNotifyResult<P> {
  const config = useContext(FynoContext);
  const [state, setState] = useState(() => toState('idle'));
  const [notifier] = useState(() => createNotifier(setState, config, options));
  // Read at call time, so an inline `headers` object or callback does not make `notify` change identity.
  useEffect(() => notifier.sync(config, options));
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
