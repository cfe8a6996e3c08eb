/**
 * Checks a policy once, when the route is created, so a misconfigured rule fails at start-up
 * instead of turning into 500s for the first user who clicks.
 */
import type { NotifyPolicy } from './policy-types';

/** Smallest and largest accepted `maxBodyBytes`. */
const MIN_BODY_BYTES = 64;
const MAX_BODY_BYTES = 10 * 1024 * 1024;

function isValidator(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { '~standard'?: { validate?: unknown }; safeParse?: unknown; parse?: unknown };
  return typeof v['~standard']?.validate === 'function' || typeof v.safeParse === 'function' || typeof v.parse === 'function';
}

/** Throws a `TypeError` naming the first thing wrong with `policy`. */
export function validatePolicy(policy: NotifyPolicy<any>): void {
  if (typeof policy !== 'object' || policy === null) throw new TypeError('notify policy must be an object');
  if (typeof policy.identify !== 'function') throw new TypeError('notify policy needs an identify(request) function');
  if (typeof policy.events !== 'object' || policy.events === null) {
    throw new TypeError('notify policy needs an events object (event name → rule)');
  }
  for (const name of Object.keys(policy.events)) {
    const rule: unknown = policy.events[name];
    if (typeof rule !== 'object' || rule === null) throw new TypeError(`notify policy: the rule of event "${name}" must be an object ({} allows any data)`);
    const { data, to, callback } = rule as { data?: unknown; to?: unknown; callback?: unknown };
    if (data !== undefined && !isValidator(data)) {
      throw new TypeError(`notify policy: events.${name}.data must be a Standard Schema, a parser with parse/safeParse, or a function`);
    }
    if (to !== undefined && typeof to !== 'function') throw new TypeError(`notify policy: events.${name}.to must be a function`);
    if (callback !== undefined && typeof callback !== 'function') {
      throw new TypeError(`notify policy: events.${name}.callback must be a function`);
    }
  }
  const max = policy.maxBodyBytes;
  if (max !== undefined && (!Number.isInteger(max) || max < MIN_BODY_BYTES || max > MAX_BODY_BYTES)) {
    throw new TypeError(`notify policy: maxBodyBytes must be an integer from ${MIN_BODY_BYTES} to ${MAX_BODY_BYTES}`);
  }
  if (policy.client !== undefined && typeof policy.client?.fire !== 'function') {
    throw new TypeError('notify policy: client must have a fire() method (a Fyno instance)');
  }
  if (policy.onError !== undefined && typeof policy.onError !== 'function') throw new TypeError('notify policy: onError must be a function');
}
