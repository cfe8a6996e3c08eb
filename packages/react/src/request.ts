/** One POST to the notify route, and the mapping of every outcome to data or a NotifyError. */
import type { NotifySuccessBody } from '@fyno-kit/core/server';
import { NotifyError } from './notify-error';

/** Where and how the hook sends: the props of `FynoProvider`, minus `children`. */
export interface NotifyConfig {
  /** The app's notify route. Default `/api/fyno/notify`. */
  endpoint?: string;
  /** Sent with every request (e.g. a CSRF token). `Content-Type` and `Idempotency-Key` always win. */
  headers?: Record<string, string>;
  /** Default `same-origin`: the route identifies the user by their session cookie. */
  credentials?: RequestCredentials;
  /** A `fetch` to use instead of the global one (tests, instrumentation). */
  fetch?: typeof fetch;
}

/** A v4 UUID. `randomUUID` only exists in secure contexts, so plain-http pages get the fallback. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  return c && c.randomUUID
    ? c.randomUUID()
    : 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (ch) => {
        const r = (Math.random() * 16) | 0;
        return (ch == 'x' ? r : (r & 3) | 8).toString(16);
      });
}

/** Seconds or an HTTP date; a date already past means "now". */
function parseRetryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = seconds >= 0 ? seconds * 1000 : Date.parse(header) - Date.now();
  return ms === ms ? Math.max(0, ms) : undefined;
}

/**
 * Sends `body` (already JSON, or undefined when the data could not be serialised) and resolves with
 * the route's 202 body. Rejects only with a NotifyError.
 */
export async function postNotify(
  config: NotifyConfig,
  body: string | undefined,
  idempotencyKey: string,
  signal: AbortSignal,
): Promise<NotifySuccessBody> {
  let res: Response | undefined;
  let json: any;
  try {
    if (body == null) throw new Error('data is not JSON-serialisable');
    // `fetch` is only looked up here, so importing or rendering on a server never touches it.
    res = await (config.fetch || fetch)(config.endpoint || '/api/fyno/notify', {
      method: 'POST',
      headers: { ...config.headers, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
      credentials: config.credentials || 'same-origin',
      body,
      signal,
    });
    json = await res.json();
  } catch (error) {
    if (signal.aborted || !res) {
      throw new NotifyError(
        signal.aborted ? 'aborted' : body == null ? 'invalid_body' : 'network_error',
        (error as Error)?.message || 'Request failed',
      );
    }
  }
  const status = res.status;
  if (res.ok) {
    if (json && typeof json.request_id == 'string') return json;
  } else if (json && json.error && typeof json.error.code == 'string') {
    throw new NotifyError(json.error.code, json.error.message, status, parseRetryAfterMs(res.headers.get('Retry-After')));
  }
  throw new NotifyError('invalid_response', 'Unexpected response from the notify route (HTTP ' + status + ')', status);
}
