/**
 * The request logic without React: for pages without React, for TanStack Query's
 * `useMutation({ mutationFn })`, or for a service worker. `useNotify()` does not use it, so it
 * costs a bundle nothing unless imported.
 */
import type { NotifyEventName, NotifySuccessBody } from '@fyno-kit/core/server';
import { newIdempotencyKey, postNotify, toBody, type NotifyConfig } from './request';
import type { NotifyArgs, NotifyRequestOptions } from './types';

/** What {@link createNotifyClient} returns. */
export interface NotifyClient<P = unknown> {
  /**
   * Sends `event` with `data` to the notify route: resolves with the route's 202 body, rejects with
   * a `NotifyError`. Sent once, with `keepalive` and an `Idempotency-Key` (a new UUID unless given).
   */
  notify<E extends NotifyEventName<P>>(event: E, ...args: NotifyArgs<P, E, NotifyRequestOptions>): Promise<NotifySuccessBody>;
}

/**
 * A notify client with the same defaults as `FynoProvider` (endpoint `/api/fyno/notify`,
 * credentials `same-origin`, the global `fetch`). Pass the policy's type to type events and data.
 *
 * @example
 * const client = createNotifyClient<typeof policy>({ headers: { 'X-CSRF-Token': csrf } });
 * await client.notify('order_shipped', { order: 'A-1001' });
 */
export function createNotifyClient<P = unknown>(config: NotifyConfig = {}): NotifyClient<P> {
  return {
    notify: (event: string, data?: unknown, options: NotifyRequestOptions = {}) =>
      postNotify(config, toBody(event, data), options.idempotencyKey || newIdempotencyKey(), options.signal),
  } as NotifyClient<P>;
}
