/** `usePreferences()`: the signed-in user's own notification preferences, through the app's route. */
import type { PreferenceChannel, PreferencesErrorCode, PreferencesView } from '@fyno-kit/core/server';
import { useEffect, useState } from 'react';
import type { NotifyClientErrorCode, NotifyError } from '../notify-error';
import { callRoute } from '../request';
import { runCallbacks } from '../run-callbacks';
import { applyChange, type PreferenceChange } from './apply-change';

/** The default route, beside the notify route. */
export const DEFAULT_PREFERENCES_ENDPOINT = '/api/fyno/preferences';

/** Why a read or a change failed: the route's code (incl. `topic_not_allowed`, `channel_required`) or a browser one. */
export type PreferencesError = NotifyError<PreferencesErrorCode | NotifyClientErrorCode>;

/** Where the first read stands; the same names as TanStack Query's `useQuery`. */
export type PreferencesStatus = 'pending' | 'success' | 'error';

/**
 * Callbacks of one change, in TanStack Query's order and with its rules: a returned promise is
 * awaited, a throw is reported as an unhandled rejection and changes nothing.
 */
export interface PreferencesCallbacks<C = unknown> {
  onSuccess?: (data: PreferencesView, variables: PreferenceChange, context: C | undefined) => unknown;
  onError?: (error: PreferencesError, variables: PreferenceChange, context: C | undefined) => unknown;
  onSettled?: (data: PreferencesView | undefined, error: PreferencesError | null, variables: PreferenceChange, context: C | undefined) => unknown;
}

/** Options of `usePreferences()`: where the route is, and hook-level callbacks run for every change. */
export interface UsePreferencesOptions<C = unknown> extends PreferencesCallbacks<C> {
  /** The app's preferences route. Default `/api/fyno/preferences`. */
  endpoint?: string;
  /** Sent with every request (e.g. a CSRF token). `Content-Type` always wins. */
  headers?: Record<string, string>;
  /** Default `same-origin`: the route identifies the user by their session cookie. */
  credentials?: RequestCredentials;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** The view already read on the server (e.g. in a Server Component): rendered at once, and not read again on mount. */
  initialData?: PreferencesView;
  /**
   * Runs before a change is sent, after it shows: its result is the `context` of the other
   * callbacks (TanStack Query's `onMutate`).
   */
  onMutate?: (variables: PreferenceChange) => C | Promise<C>;
}

/** What {@link usePreferences} returns. */
export interface UsePreferencesResult {
  /**
   * Sections → topics → channels, as the route answered, with the changes still in flight applied.
   * A channel with `required: true` is locked: show it, but the route refuses to change it.
   * `undefined` until the first read succeeds (and during server rendering, unless `initialData`).
   */
  data: PreferencesView | undefined;
  /** Of the read: `pending` until it answers, then `success` or `error` (the last read's outcome). */
  status: PreferencesStatus;
  isPending: boolean;
  isSuccess: boolean;
  isError: boolean;
  /** True while a change is being sent. */
  isSaving: boolean;
  /** The last failure, of a read or of a change (whose optimistic state was undone); null after a success. */
  error: PreferencesError | null;
  /**
   * Turns `channel` on or off for one topic, or for every topic (`all`: the global switch). Shows at
   * once; undone if the route refuses (`error` is set). Changes are sent one after another, in the
   * order made. Never throws, never rejects.
   */
  setChannel: (topic: string, channel: PreferenceChannel, on: boolean, options?: PreferencesCallbacks) => void;
  /** Like `setChannel`, but resolves with the route's answer, or rejects with a {@link PreferencesError}. */
  setChannelAsync: (topic: string, channel: PreferenceChannel, on: boolean, options?: PreferencesCallbacks) => Promise<PreferencesView>;
  /** Reads the preferences again. Never rejects. */
  refetch: () => Promise<void>;
}

interface State {
  data: PreferencesView | undefined;
  status: PreferencesStatus;
  error: PreferencesError | null;
  isSaving: boolean;
}

const noop = (): void => {};

/**
 * The hook's mutable side, one per component instance. Reads and writes go through one queue, so
 * answers arrive in the order the requests were made and the last one is the freshest view.
 */
function createPreferences(setState: (state: State) => void, options: UsePreferencesOptions<any>) {
  let confirmed = options.initialData; // the route's last answer
  let inFlight: Array<{ change: PreferenceChange }> = [];
  let status: PreferencesStatus = confirmed ? 'success' : 'pending';
  let error: PreferencesError | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let started = !!confirmed;
  let mounted = false;

  const publish = () => {
    if (mounted) {
      setState({
        data: confirmed && inFlight.reduce((view, c) => applyChange(view, c.change), confirmed),
        status,
        error,
        isSaving: inFlight.length > 0,
      });
    }
  };
  const request = (init: RequestInit): Promise<PreferencesView> => {
    const { endpoint, headers, credentials, fetch } = options;
    const sent = queue.then(() =>
      callRoute<PreferencesView>(
        fetch,
        endpoint || DEFAULT_PREFERENCES_ENDPOINT,
        { ...init, headers: { ...headers, ...init.headers }, credentials: credentials || 'same-origin' },
        'sections',
      ),
    );
    queue = sent.catch(noop);
    return sent;
  };

  const self = {
    refetch(): Promise<void> {
      started = true;
      return request({ method: 'GET', cache: 'no-store' }).then(
        (view) => {
          confirmed = view;
          status = 'success';
          error = null;
          publish();
        },
        (e: PreferencesError) => {
          status = 'error';
          error = e;
          publish();
        },
      );
    },
    async setChannelAsync(topic: string, channel: PreferenceChannel, on: boolean, callOptions?: PreferencesCallbacks): Promise<PreferencesView> {
      const variables: PreferenceChange = { topic, channel, on };
      const entry = { change: variables };
      inFlight = [...inFlight, entry];
      publish();
      let context: unknown;
      try {
        context = await (options.onMutate && options.onMutate(variables));
      } catch (e) {
        void Promise.reject(e); // as a throwing callback: reported, the change still goes
      }
      let result: PreferencesView | undefined;
      let failure: PreferencesError | null = null;
      try {
        result = await request({
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ changes: [variables] }),
        });
        confirmed = result;
        status = 'success';
      } catch (e) {
        failure = e as PreferencesError;
      }
      // Success or not, the change leaves the in-flight list: either the answer includes it, or it is undone.
      inFlight = inFlight.filter((x) => x !== entry);
      error = failure;
      publish();
      await runCallbacks(options, result, failure, variables, context);
      if (mounted) await runCallbacks(callOptions, result, failure, variables, context);
      if (failure) throw failure;
      return result!;
    },
    setChannel(topic: string, channel: PreferenceChannel, on: boolean, callOptions?: PreferencesCallbacks): void {
      self.setChannelAsync(topic, channel, on, callOptions).catch(noop);
    },
    /** Effect body: the options of the latest render, the first read once, and unmount tracking. */
    sync(next: UsePreferencesOptions<any>) {
      options = next;
      mounted = true;
      if (!started) void self.refetch();
      return () => {
        mounted = false;
      };
    },
  };
  return self;
}

/**
 * The signed-in user's notification preferences, read from and changed through the app's
 * preferences route (default `/api/fyno/preferences`), which decides the user, the topics shown and
 * what may change. The browser never names a user.
 *
 * - Reads once on mount (in an effect: safe to render on a server, where it is `pending`).
 * - `setChannel` is optimistic: the change shows at once and is undone if the route refuses it.
 * - Hook-level `onMutate` / `onSuccess` / `onError` / `onSettled` run for every change; call-level
 *   ones (the last argument of `setChannel`) only while the component is mounted.
 *
 * @example
 * const { data, setChannel } = usePreferences();
 * setChannel('SORDERS001', 'email', false);
 */
export function usePreferences<C = unknown>(options: UsePreferencesOptions<C> = {}): UsePreferencesResult {
  const [state, setState] = useState<State>(() => ({
    data: options.initialData,
    status: options.initialData ? 'success' : 'pending',
    error: null,
    isSaving: false,
  }));
  const [store] = useState(() => createPreferences(setState, options));
  useEffect(() => store.sync(options));
  return {
    ...state,
    isPending: state.status == 'pending',
    isSuccess: state.status == 'success',
    isError: state.status == 'error',
    setChannel: store.setChannel,
    setChannelAsync: store.setChannelAsync,
    refetch: store.refetch,
  };
}
