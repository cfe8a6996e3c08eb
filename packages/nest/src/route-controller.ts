/**
 * One controller factory for every route (notify, in-app session, preferences). Each call makes a
 * class of its own, decorated there and then from the options (its path, guards, handler name),
 * before Nest scans the module: the route then runs behind the app's global guards, interceptors,
 * pipes and filters like any controller, its guards are built in the scope of the module that lists
 * it, and the app's global prefix goes in front of its path. Public Nest API only: decorators and DI.
 */
import type { ExchangeAnswer, ExchangeRoute } from '@fyno-kit/core/adapter';
import { All, type CanActivate, Controller, HttpCode, Inject, type InjectionToken, Optional, Req, Res, type Type, UseFilters, UseGuards } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FynoNotifyRefusalFilter } from './notify-refusal';
import type { PlatformRequest, RouteBody } from './notify-request';
import { answerInNest, type RouteRefusals } from './route-answer';
import { FYNO_CLIENT } from './tokens';

/** Guards for one route, run after the app's global guards: classes (built by Nest) or instances. */
export type RouteGuards = Array<Type<CanActivate> | CanActivate>;

/** Where a controller's route comes from: the route itself, or the token of the provider that builds it. */
export type RouteSource = ExchangeRoute<any, any> | { token: InjectionToken };

/** How one route's controller answers. */
export interface RouteControllerOptions {
  /** The status of the answer the handler returns, for the app's interceptors; any other is a refusal. */
  status: number;
  guards?: RouteGuards;
  /** How a refusal travels (see `RouteRefusals`). Default `route-filter`: the filter bound to this route. */
  refusals?: RouteRefusals;
  /** What the route does with the body (see `RouteBody`). Default `platform`. */
  body?: RouteBody;
}

/** An instance of a route controller: its one handler. */
export type RouteControllerInstance<THandler extends string, TBody> = Record<THandler, (req: PlatformRequest, res: unknown) => Promise<TBody>>;

// Never provided: with `@Optional()`, a controller given its route directly injects `undefined` here.
const NO_ROUTE_PROVIDER: unique symbol = Symbol('@fyno-kit/nest:no-route-provider');

/**
 * A new controller class whose one method, `handler`, serves `route` at `path` (the app's global
 * prefix goes in front). `route` is the core route, or the token of the provider that builds it (the
 * module's notify route, whose policy a `forRootAsync` factory gives after the class is made).
 */
export function createRouteController<THandler extends string, TBody>(
  handler: THandler,
  path: string,
  route: RouteSource,
  options: RouteControllerOptions,
): Type<RouteControllerInstance<THandler, TBody>> {
  const { status, guards = [], refusals = 'route-filter', body = 'platform' } = options;
  const given = 'serve' in route ? route : undefined;
  const routeToken = 'token' in route ? route.token : NO_ROUTE_PROVIDER;
  const filters = refusals === 'route-filter' ? [FynoNotifyRefusalFilter] : [];

  @Controller()
  class FynoRouteController {
    constructor(
      @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
      @Optional() @Inject(FYNO_CLIENT) private readonly client?: unknown,
      @Optional() @Inject(routeToken) private readonly provided?: ExchangeRoute<any, ExchangeAnswer>,
    ) {}

    // Every method: the route itself answers 405 with its `Allow`, in its own error shape.
    @All(path)
    @HttpCode(status)
    @UseGuards(...guards)
    @UseFilters(...filters)
    async [handler](@Req() req: PlatformRequest, @Res({ passthrough: true }) res: unknown): Promise<TBody> {
      const route = (given ?? this.provided) as ExchangeRoute<unknown, ExchangeAnswer>;
      return answerInNest<TBody>(this.adapterHost.httpAdapter, route, req, res, { status, refusals, body, client: this.client }) as Promise<TBody>;
    }
  }
  // The name Nest's route log shows: FynoNotifyController, FynoSessionController, …
  Object.defineProperty(FynoRouteController, 'name', { value: `Fyno${handler.charAt(0).toUpperCase()}${handler.slice(1)}Controller` });
  return FynoRouteController as unknown as Type<RouteControllerInstance<THandler, TBody>>;
}
