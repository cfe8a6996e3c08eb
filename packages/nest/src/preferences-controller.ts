/**
 * The preferences route as a Nest controller, so it runs behind the app's guards, interceptors and
 * pipes like any controller: `controllers: [createPreferencesController({ identify, topics })]`.
 */
import { createPreferencesRoute } from '@fyno-kit/core/adapter';
import type { PreferencesPolicy, PreferencesView } from '@fyno-kit/core/server';
import type { CanActivate, Type } from '@nestjs/common';
import type { PlatformRequest } from './notify-request';
import { createRouteController } from './route-controller';

/** Default path, the one `usePreferences()` calls: `/api/fyno/preferences` (without a global prefix). */
export const DEFAULT_PREFERENCES_PATH = 'api/fyno/preferences';

/** Options of the preferences controller: the core route's policy, plus its path and guards. */
export interface FynoPreferencesOptions<TRequest = never> extends PreferencesPolicy<TRequest> {
  /** The controller path; the app's global prefix goes in front. Default `api/fyno/preferences`. */
  path?: string;
  /** Guards for this route only, run after the app's global guards (classes, or instances). */
  guards?: Array<Type<CanActivate> | CanActivate>;
}

/** What a preferences controller instance offers (and nothing else). */
export interface PreferencesControllerInstance {
  preferences(req: PlatformRequest, res: unknown): Promise<PreferencesView>;
}

/**
 * A controller class answering `GET <path>` (the signed-in user's preferences) and `POST <path>`
 * (changes) with the core preferences route. Calls Fyno with `options.client`, else the
 * `FynoModule`'s client when the module is imported, else a `Fyno` from `FYNO_*` variables.
 * Refusals are thrown as `FynoNotifyRefusal`s carrying the route's error body (the app's
 * interceptors see them), written by the route's own filter.
 */
export function createPreferencesController<TRequest = PlatformRequest>(options: FynoPreferencesOptions<TRequest>): Type<PreferencesControllerInstance> {
  const { path = DEFAULT_PREFERENCES_PATH, guards = [], ...policy } = options;
  return createRouteController<'preferences', PreferencesView>('preferences', path, createPreferencesRoute<TRequest>(policy), { status: 200, guards });
}
