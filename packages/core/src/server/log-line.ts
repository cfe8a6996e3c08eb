/**
 * The route's default log line when the policy has no `onError`. It is one line, holds only values
 * the route produced or validated, and escapes control characters in anything else, so a caller
 * cannot forge log entries. Fyno's error text is left out: it can name a destination (an email or a
 * phone number). A policy's own `onError` still receives the whole error.
 */
const MAX_TEXT = 200;
// C0 and C1 controls (newlines, ANSI escapes), DEL, and the Unicode line separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const BRAND = Symbol.for('fyno-kit.error');

/** Makes `text` safe for one log line: control characters as `\uXXXX`, cut at 200 characters. */
export function escapeLogText(text: string): string {
  const cut = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  return cut.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function isFynoError(error: unknown): error is { name?: unknown; code?: unknown; status?: unknown; body?: unknown } {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

/** Describes an error by class and fields; the message only for errors that are not Fyno's answer. */
function describeError(error: unknown): string {
  if (isFynoError(error)) {
    const parts = [escapeLogText(String(error.name ?? 'FynoError'))];
    if (typeof error.code === 'string') parts.push(`code=${escapeLogText(error.code)}`);
    if (typeof error.status === 'number') parts.push(`status=${error.status}`);
    const body = error.body as { request_id?: unknown } | undefined;
    if (typeof body === 'object' && body !== null && typeof body.request_id === 'string') parts.push(`request_id=${escapeLogText(body.request_id)}`);
    return parts.join(' ');
  }
  if (error instanceof Error) return `${escapeLogText(error.name)}: ${escapeLogText(error.message)}`;
  return escapeLogText(typeof error);
}

/** `[fyno-kit] <route>: <code> (event "<allowed event>"): <error>`, e.g. `[fyno-kit] notify route: …`. */
export function defaultLogLine(error: unknown, info: { event?: string; code: string }, route = 'notify route'): string {
  const event = info.event === undefined ? '' : ` (event "${escapeLogText(info.event)}")`;
  return `[fyno-kit] ${route}: ${info.code}${event}: ${describeError(error)}`;
}

/**
 * What `onError` means on every route: it receives the unexpected errors and upstream failures
 * behind an answer the route has already chosen (always its own JSON, never the host's error page),
 * for the app's logger. Without one, the default one line goes to `console.error`. A logger that
 * throws must not turn a handled failure into a crash.
 */
export function reportError<TInfo extends { event?: string; code: string }>(
  onError: ((error: unknown, info: TInfo) => void) | undefined,
  error: unknown,
  info: TInfo,
  route: string,
): void {
  try {
    if (onError) onError(error, info);
    else console.error(defaultLogLine(error, info, route));
  } catch {
    // Nothing left to tell.
  }
}
