/**
 * The in-app session route as a Nest controller, so it runs behind the app's guards, interceptors
 * and pipes like any controller: `controllers: [createInappSessionController({ identify })]`.
 */
import type { Type } from '@nestjs/common';
import { createInappSessionRoute } from '@fyno-kit/core/adapter';
import type { InappSession, InappSessionOptions } from '@fyno-kit/core/server';
import type { PlatformRequest } from './notify-request';
import { createRouteController } from './route-controller';

/** Default path, the one `useInbox()` calls: `/api/fyno/inapp-session` (without a global prefix). */
export const DEFAULT_INAPP_SESSION_PATH = 'api/fyno/inapp-session';

/** Options of the session controller: the core route's, plus its path. */
export interface FynoInappSessionOptions<TRequest = never> extends InappSessionOptions<TRequest> {
  /** The controller path; the app's global prefix goes in front. Default `api/fyno/inapp-session`. */
  path?: string;
}

/** What a session controller instance offers (and nothing else). */
export interface InappSessionControllerInstance {
  session(req: PlatformRequest, res: unknown): Promise<InappSession>;
}

/**
 * A controller class answering `POST <path>` with the signed-in user's in-app session. Signs with
 * `options.client`, else the `FynoModule`'s client when the module is imported, else a `Fyno` from
 * `FYNO_*` variables. Refusals are thrown as `HttpException`s carrying the route's error body, so the
 * app's exception filters see them; the integration token never reaches a response.
 */
export function createInappSessionController<TRequest = PlatformRequest>(options: FynoInappSessionOptions<TRequest>): Type<InappSessionControllerInstance> {
  const { path = DEFAULT_INAPP_SESSION_PATH, ...routeOptions } = options;
  return createRouteController<'session', InappSession>('session', path, createInappSessionRoute<TRequest>(routeOptions), {
    status: 200,
    refusals: 'app-filters',
    body: 'unused',
  });
}
