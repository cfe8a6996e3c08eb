/** `defineNotifyPolicy`: a typed identity, so `typeof policy` keeps each event's name and data type. */
import type { NotifyPolicy } from './types';

/**
 * Returns `policy` unchanged. Writing the policy through it checks it against `NotifyPolicy` while
 * keeping the literal event names and validator types that `useNotify<typeof policy>()` reads.
 *
 * @example
 * export const policy = defineNotifyPolicy({
 *   identify: (req: Request) => sessionUser(req),
 *   events: { order_shipped: { data: z.object({ order: z.string() }) }, password_reset: {} },
 * });
 */
export function defineNotifyPolicy<const P extends NotifyPolicy<any>>(policy: P): P {
  return policy;
}
