/**
 * Where the notify route listens: a controller path, under the app's global prefix like any other.
 * Checked when the module is created, so a bad path fails at the `forRoot` call.
 */
import { DEFAULT_NOTIFY_PATH } from './tokens';

const SAFE_PATH = /^[A-Za-z0-9\-._~/]+$/;

/** `api/fyno/notify`, `/api/fyno/notify/` → `api/fyno/notify`. Only literal paths: no route patterns. */
export function normalizeNotifyPath(path: string = DEFAULT_NOTIFY_PATH): string {
  const trimmed = path.trim().replace(/^\/+|\/+$/g, '');
  if (trimmed === '' || !SAFE_PATH.test(trimmed) || trimmed.includes('//')) {
    throw new TypeError(`notifyRoute.path must be a literal URL path such as "fyno/notify" (got "${path}")`);
  }
  return trimmed;
}

/**
 * Whether a request or route URL path is the notify route's: the controller path, alone or under
 * any prefix. The global prefix is not public Nest API, so the platform hooks match the path's end
 * (a whole segment run: `/v1/fyno/notify` ends in `fyno/notify`, `/xfyno/notify` does not).
 */
export function isNotifyUrl(urlPath: string, controllerPath: string): boolean {
  const path = urlPath.length > 1 && urlPath.endsWith('/') ? urlPath.slice(0, -1) : urlPath;
  return path === `/${controllerPath}` || path.endsWith(`/${controllerPath}`);
}
