/**
 * Where the notify route listens. Its `path` is a controller path: Nest puts the global prefix in
 * front of it like any other route. Without a `path`, the route lands on `useNotify()`'s default
 * endpoint, `/api/fyno/notify`, in the two usual setups (no prefix, or `setGlobalPrefix('api')`).
 */
import { DEFAULT_NOTIFY_PATH } from './fyno.constants';

const SAFE_PATH = /^[A-Za-z0-9\-._~/]+$/;

function trimSlashes(path: string): string {
  return path.trim().replace(/^\/+|\/+$/g, '');
}

/** `api/fyno/notify`, `/api/fyno/notify/` → `api/fyno/notify`. Only literal paths: no route patterns. */
export function normalizeNotifyPath(path: string): string {
  const trimmed = trimSlashes(path);
  if (trimmed === '' || !SAFE_PATH.test(trimmed) || trimmed.includes('//')) {
    throw new TypeError(`notifyRoute.path must be a literal URL path such as "fyno/notify" (got "${path}")`);
  }
  return trimmed;
}

/**
 * The controller path of the route. A given `path` is used as given (under the global prefix). The
 * default is `api/fyno/notify`, less the leading `api` when the global prefix already is `api`, so
 * the route answers at `/api/fyno/notify` either way.
 */
export function notifyControllerPath(path: string | undefined, globalPrefix: string): string {
  if (path !== undefined) return normalizeNotifyPath(path);
  const prefix = trimSlashes(globalPrefix);
  const [first, ...rest] = DEFAULT_NOTIFY_PATH.split('/');
  return prefix !== '' && prefix === first ? rest.join('/') : DEFAULT_NOTIFY_PATH;
}

/** The URL path the route answers at, global prefix included (for the platform-level hooks). */
export function notifyUrlPath(controllerPath: string, globalPrefix: string): string {
  return `/${[trimSlashes(globalPrefix), controllerPath].filter((part) => part !== '').join('/')}`;
}

/**
 * The app's global prefix. Nest keeps it in its ApplicationConfig, which is not injectable; the
 * module reaches it through ModuleRef's container (the same object in Nest 10, 11 and 12).
 */
export function readGlobalPrefix(moduleRef: unknown): string {
  const container = (moduleRef as { container?: { applicationConfig?: { getGlobalPrefix?: () => unknown } } } | undefined)?.container;
  const prefix = container?.applicationConfig?.getGlobalPrefix?.();
  return typeof prefix === 'string' ? prefix : '';
}
