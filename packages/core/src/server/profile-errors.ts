/**
 * Fyno's answers about a profile's existence, read by the routes that create one when it is missing
 * (the in-app session route, the preferences route). Fyno answers 400, not 404, for a missing
 * profile and for one that exists already (packages/emulator/CONTRACT.md P-c, P-d, §4.3 U10);
 * only the text tells them apart.
 */

/** True for Fyno's "no such profile" 400 (`incorrect/non existing distinct_id provided`). */
export function isProfileMissing(error: unknown): boolean {
  const e = error as { status?: unknown; message?: unknown } | null;
  return e?.status === 400 && typeof e.message === 'string' && /exist/i.test(e.message) && !/already/i.test(e.message);
}

/** True for Fyno's "profile already exists" 400 (another request created it in between). */
export function isProfileExists(error: unknown): boolean {
  const e = error as { status?: unknown; message?: unknown } | null;
  return e?.status === 400 && typeof e.message === 'string' && /already exists/i.test(e.message);
}
