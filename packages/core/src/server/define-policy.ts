/** `defineNotifyPolicy`: a typed identity, so `typeof policy` keeps each event's name and data type. */
import type { NotifyPolicy } from './policy-types';

/**
 * Returns `policy` unchanged. Writing the policy through it checks it against `NotifyPolicy` while
 * keeping the literal event names and validator types that `useNotify<typeof policy>()` reads.
 *
 * Called with the request type and no policy, it returns the same identity with the request type
 * fixed, so `identify` and the rules' hooks need no annotation (and `req` is never `any`).
 *
 * @example
 * export const policy = defineNotifyPolicy<Request>()({
 *   identify: (req) => req.headers.get('x-user'),
 *   events: { order_shipped: { data: orderSchema }, password_reset: {} },
 * });
 */
export function defineNotifyPolicy<TRequest>(): <const P extends NotifyPolicy<TRequest>>(policy: P) => P;
/**
 * Returns `policy` unchanged, keeping its literal event names and validator types. The request type
 * comes from `identify`'s annotation and reaches the rules' hooks; an unannotated `req` is `never`,
 * so using it does not compile: annotate it, or use `defineNotifyPolicy<Request>()({ … })`.
 *
 * @example
 * export const policy = defineNotifyPolicy({
 *   identify: (req: Request) => sessionUser(req),
 *   events: { order_shipped: { data: orderSchema }, password_reset: {} },
 * });
 */
export function defineNotifyPolicy<TRequest = never, const P extends NotifyPolicy<TRequest> = NotifyPolicy<TRequest>>(
  policy: P & { identify: (request: TRequest) => unknown },
): P;
export function defineNotifyPolicy(policy?: NotifyPolicy<never>): unknown {
  // No policy: the curried form, whose only job is to fix the request type at compile time.
  return policy === undefined ? (p: NotifyPolicy<never>) => p : policy;
}
