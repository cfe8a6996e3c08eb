/**
 * The Content-Type gate. Only `application/json` (optionally `; charset=utf-8`) passes: anything a
 * plain HTML form can send is refused, which also forces a CORS preflight on cross-site callers.
 */

/** True for `application/json` with no parameter other than a UTF-8 charset (case-insensitive). */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  // What browsers and `useNotify()` send, answered without splitting (the general parse agrees).
  if (value === 'application/json' || value === 'application/json; charset=utf-8') return true;
  const parts = value.split(';');
  if ((parts[0] ?? '').trim().toLowerCase() !== 'application/json') return false;
  for (let i = 1; i < parts.length; i++) {
    const param = (parts[i] ?? '').trim();
    if (param === '') continue;
    const eq = param.indexOf('=');
    if (eq < 0) return false;
    const name = param.slice(0, eq).trim().toLowerCase();
    const raw = param.slice(eq + 1).trim();
    const charset = (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw).toLowerCase();
    // JSON is UTF-8 (RFC 8259); any other charset would be decoded wrongly.
    if (name !== 'charset' || (charset !== 'utf-8' && charset !== 'utf8')) return false;
  }
  return true;
}
