/** `definePreferencesPolicy`: a typed identity for a preferences policy, as `defineNotifyPolicy` is for notify. */
import type { PreferencesPolicy } from './preferences-types';

/**
 * Returns `policy` unchanged, checked against `PreferencesPolicy` with the request type fixed, so
 * `identify` needs no annotation.
 *
 * @example
 * export const preferences = definePreferencesPolicy<Request>()({
 *   identify: (req) => req.headers.get('x-user'),
 *   topics: { SORDERS001: true, SNEWS00001: { channels: ['email'] } },
 *   global: ['email', 'sms'],
 * });
 */
export function definePreferencesPolicy<TRequest>(): <const P extends PreferencesPolicy<TRequest>>(policy: P) => P;
/**
 * Returns `policy` unchanged, keeping its literal topic ids. The request type comes from
 * `identify`'s annotation; an unannotated `req` is `never`: annotate it, or use
 * `definePreferencesPolicy<Request>()({ … })`.
 */
export function definePreferencesPolicy<TRequest = never, const P extends PreferencesPolicy<TRequest> = PreferencesPolicy<TRequest>>(
  policy: P & { identify: (request: TRequest) => unknown },
): P;
export function definePreferencesPolicy(policy?: PreferencesPolicy<never>): unknown {
  // No policy: the curried form, whose only job is to fix the request type at compile time.
  return policy === undefined ? (p: PreferencesPolicy<never>) => p : policy;
}
