/** One request to a fyno-kit route, and the mapping of every outcome to data or a NotifyError. */
import type { NotifySuccessBody } from '@fyno-kit/core/server';
import { NotifyError } from './notify-error';

/** Where and how requests are sent: the props of `FynoProvider` (minus `children`), or `createNotifyClient`'s config. */
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

/** The request body, or undefined when `data` cannot be turned into JSON (a cycle, a BigInt). */
export function toBody(event: string, data: unknown): string | undefined {
  try {
    return JSON.stringify({ event, data });
  } catch {
    return undefined;
  }
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
 * the route's 202 body. Rejects only with a NotifyError. Sends once: there is no retry, so an
 * aborted call sends nothing more.
 */
export async function postNotify(config: NotifyConfig, body: string | undefined, idempotencyKey: string, signal?: AbortSignal): Promise<NotifySuccessBody> {
  if (body == null) throw new NotifyError('invalid_body', 'data is not JSON');
  return callRoute(
    config.fetch,
    config.endpoint || '/api/fyno/notify',
    {
      method: 'POST',
      headers: { ...config.headers, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
      credentials: config.credentials || 'same-origin',
      body,
      signal,
      // Outlives the page: a navigation or a closed tab does not cancel a notification already sent.
      // Browsers refuse a keepalive body past 64 kB (all of a page's keepalive bodies in flight
      // together). The route's cap is 16 kB; 20 000 UTF-16 units are at most 60 kB as UTF-8 and
      // always over that cap, so a body the route may accept always goes keepalive, and a larger
      // one goes without it and gets the route's 413 rather than a browser TypeError.
      keepalive: body.length < 2e4,
    },
    'request_id',
  );
}

/**
 * One request to a fyno-kit route (notify, preferences): resolves with its JSON when the status is
 * 2xx and the body has the field `expect`, else rejects with a NotifyError carrying the route's code,
 * or `network_error` / `aborted` / `invalid_response`. `fetchFn` defaults to the global `fetch`.
 */
export async function callRoute<T>(fetchFn: typeof fetch | undefined, url: string, init: RequestInit, expect: string): Promise<T> {
  let res: Response | undefined;
  let json: any;
  try {
    // `fetch` is only looked up here, so importing or rendering on a server never touches it.
    res = await (fetchFn || fetch)(url, init);
    json = await res.json();
  } catch (error) {
    const aborted = init.signal?.aborted;
    if (aborted || !res) {
      throw new NotifyError(aborted ? 'aborted' : 'network_error', (error as Error)?.message || 'Request failed');
    }
  }
  const status = res.status;
  if (res.ok) {
    if (json && json[expect] != null) return json;
  } else if (json && json.error && typeof json.error.code == 'string') {
    throw new NotifyError(json.error.code, json.error.message, status, parseRetryAfterMs(res.headers.get('Retry-After')));
  }
  throw new NotifyError('invalid_response', 'Unexpected response (HTTP ' + status + ')', status);
}
