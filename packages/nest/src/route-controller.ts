/**
 * One controller factory for every route (notify, in-app session, preferences). Each call makes a
 * class of its own, decorated there and then from the options (its path, guards, handler name),
 * before Nest scans the module: the route then runs behind the app's global guards, interceptors,
 * pipes and filters like any controller, its guards are built in the scope of the module that lists
 * it, and the app's global prefix goes in front of its path. Public Nest API only: decorators and DI.
 */
import type { ExchangeAnswer, ExchangeRoute } from '@fyno-kit/core/adapter';
import {
  All,
  type CanActivate,
  Controller,
  HttpCode,
  HttpException,
  Inject,
  type InjectionToken,
  Optional,
  Req,
  Res,
  type Type,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FynoNotifyRefusal, FynoNotifyRefusalFilter } from './notify-refusal';
import { answerRoute, type PlatformRequest, type RouteBody } from './notify-request';
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
  /**
   * How a refusal travels: `route-filter` (default) throws a `FynoNotifyRefusal` that the filter bound
   * to this route alone writes in the route's shape; `app-filters` throws a plain `HttpException`
   * carrying the route's error body (its headers already set), for the app's own exception filters.
   */
  refusals?: 'route-filter' | 'app-filters';
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
      const adapter = this.adapterHost.httpAdapter;
      const platform = adapter.getType() === 'fastify' ? 'fastify' : 'express';
      const answer = await answerRoute((given ?? this.provided) as ExchangeRoute<unknown, ExchangeAnswer>, req, platform, { body, client: this.client });
      // The sender went away mid-body: the socket is gone, nothing to answer.
      if (answer === undefined) return undefined as TBody;
      const { response, closeConnection } = answer;
      const refused = response.status !== status;
      if (refused && refusals === 'route-filter') throw new FynoNotifyRefusal(response, closeConnection);
      for (const [name, value] of Object.entries(response.headers)) adapter.setHeader(res as never, name, value);
      if (refused) throw new HttpException(response.body as object, response.status);
      // Returned, not written: the app's interceptors see (and may map) the body.
      return response.body as TBody;
    }
  }
  // The name Nest's route log shows: FynoNotifyController, FynoSessionController, …
  Object.defineProperty(FynoRouteController, 'name', { value: `Fyno${handler.charAt(0).toUpperCase()}${handler.slice(1)}Controller` });
  return FynoRouteController as unknown as Type<RouteControllerInstance<THandler, TBody>>;
}
