/**
 * Checks a policy once, when the route is created, so a misconfigured rule fails at start-up
 * instead of turning into 500s for the first user who clicks.
 */
import { checkMaxBodyBytes, checkOnError, checkPolicyIdentify } from './policy-checks';
import type { NotifyPolicy } from './policy-types';

/** Largest accepted `maxBodyBytes`. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

function isValidator(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { '~standard'?: { validate?: unknown }; safeParse?: unknown; parse?: unknown };
  return typeof v['~standard']?.validate === 'function' || typeof v.safeParse === 'function' || typeof v.parse === 'function';
}

/** Throws a `TypeError` naming the first thing wrong with `policy`. */
export function validatePolicy(policy: NotifyPolicy<any>): void {
  checkPolicyIdentify(policy, 'notify policy');
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
  checkMaxBodyBytes(policy.maxBodyBytes, MAX_BODY_BYTES, 'notify policy');
  if (policy.client !== undefined && typeof policy.client?.fire !== 'function') {
    throw new TypeError('notify policy: client must have a fire() method (a Fyno instance)');
  }
  checkOnError(policy.onError, 'notify policy');
}
