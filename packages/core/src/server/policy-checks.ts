/**
 * The start-up checks every route policy shares, with the same messages, each naming its policy
 * (`notify policy`, `preferences policy`): an object with an `identify`, a body cap in range, an
 * `onError` that is a function.
 */

/** Smallest `maxBodyBytes` any route accepts. */
const MIN_BODY_BYTES = 64;

/** Throws unless `policy` is an object with an `identify(request)` function. */
export function checkPolicyIdentify(policy: unknown, label: string): void {
  if (typeof policy !== 'object' || policy === null) throw new TypeError(`${label} must be an object`);
  if (typeof (policy as { identify?: unknown }).identify !== 'function') throw new TypeError(`${label} needs an identify(request) function`);
}

/** Throws unless `maxBodyBytes` is absent or an integer from 64 to `maxAllowed`. */
export function checkMaxBodyBytes(max: unknown, maxAllowed: number, label: string): void {
  if (max !== undefined && (!Number.isInteger(max) || (max as number) < MIN_BODY_BYTES || (max as number) > maxAllowed)) {
    throw new TypeError(`${label}: maxBodyBytes must be an integer from ${MIN_BODY_BYTES} to ${maxAllowed}`);
  }
}

/** Throws unless `onError` is absent or a function. */
export function checkOnError(onError: unknown, label: string): void {
  if (onError !== undefined && typeof onError !== 'function') throw new TypeError(`${label}: onError must be a function`);
}
