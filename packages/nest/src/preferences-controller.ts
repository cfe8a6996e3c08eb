/**
 * The preferences route as a Nest controller, so it runs behind the app's guards, interceptors and
 * pipes like any controller: `controllers: [createPreferencesController({ identify, topics })]`.
 */
import { createPreferencesRoute, type PreferencesAnswer } from '@fyno-kit/core/adapter';
import type { PreferencesPolicy, PreferencesRouteClient, PreferencesView } from '@fyno-kit/core/server';
import { All, type CanActivate, Controller, HttpCode, Inject, Optional, Req, Res, type Type, UseFilters, UseGuards } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FynoNotifyRefusal, FynoNotifyRefusalFilter } from './notify-refusal';
import { answerNotify, type PlatformRequest } from './notify-request';
import { FYNO_CLIENT } from './tokens';

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
  const route = createPreferencesRoute<TRequest>(policy);

  @Controller()
  class FynoPreferencesController implements PreferencesControllerInstance {
    constructor(
      @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
      @Optional() @Inject(FYNO_CLIENT) private readonly client?: PreferencesRouteClient,
    ) {}

    // Every method: the route itself answers 405 with `Allow: GET, POST`, in its own error shape.
    @All(path)
    @HttpCode(200)
    @UseGuards(...guards)
    @UseFilters(FynoNotifyRefusalFilter)
    async preferences(@Req() req: PlatformRequest, @Res({ passthrough: true }) res: unknown): Promise<PreferencesView> {
      const adapter = this.adapterHost.httpAdapter;
      const answer = await answerNotify<TRequest, PreferencesAnswer>(route, req, adapter.getType() === 'fastify' ? 'fastify' : 'express', this.client);
      // The sender went away mid-body: the socket is gone, nothing to answer.
      if (answer === undefined) return undefined as unknown as PreferencesView;
      const { response, closeConnection } = answer;
      if (response.status !== 200) throw new FynoNotifyRefusal(response, closeConnection);
      for (const [name, value] of Object.entries(response.headers)) adapter.setHeader(res as never, name, value);
      // Returned, not written: the app's interceptors see the view.
      return response.body as PreferencesView;
    }
  }
  return FynoPreferencesController;
}
