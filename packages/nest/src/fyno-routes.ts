/**
 * `FynoRoutes`: the module's notify route as a service, for an app that owns the controller (as
 * `@nestjs/terminus` gives a service and lets the app own a small controller). The route is the one
 * `notifyRoute` builds; the app's method decides the path, the guards and the decorators.
 */
import type { ExchangeAnswer, ExchangeRoute } from '@fyno-kit/core/adapter';
import type { NotifyRoute, NotifySuccessBody } from '@fyno-kit/core/server';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FynoPlatformRequest } from './fyno-options';
import type { PlatformRequest } from './notify-request';
import { answerInNest } from './route-answer';
import { FYNO_NOTIFY_ROUTE } from './tokens';

/**
 * Runs the module's notify route from a controller of the app. Provided (and exported) by
 * `FynoModule` when it has a `notifyRoute`; with `notifyRoute: { controller: false }` the module
 * mounts no controller of its own, and this is the only way in.
 *
 * @example
 * @Controller('api/fyno/notify')
 * export class NotifyController {
 *   constructor(private readonly routes: FynoRoutes) {}
 *
 *   @All()
 *   @HttpCode(202)
 *   @UseGuards(AuthGuard('jwt'))
 *   notify(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
 *     return this.routes.notify(req, res);
 *   }
 * }
 */
@Injectable()
export class FynoRoutes {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(FYNO_NOTIFY_ROUTE) private readonly notifyRoute: NotifyRoute | null,
  ) {}

  /**
   * Answers one request to the notify route, as `useNotify()` calls it. Returns the route's 202 body
   * (its headers set on `res`): return it from the method, which carries `@HttpCode(202)` and takes
   * `res` with `@Res({ passthrough: true })` so Nest still writes the answer. A refusal (401, 400,
   * 413, 429, …) sets the route's headers on `res` (`connection: close` too when an unread upload is
   * left on the socket) and is thrown as a `FynoNotifyRefusal`, an `HttpException` whose response is
   * the route's `{ error: { code, message } }` and whose status is the route's: the app's exception
   * filters write it, Nest's default one as the route would. `undefined` only when the sender went
   * away mid-body (the socket is gone; there is nothing to answer).
   *
   * @param req - the platform's request (Express `Request` or `FastifyRequest`), after the guards ran.
   * @param res - the platform's response (Express `Response` or `FastifyReply`).
   */
  notify(req: FynoPlatformRequest, res: unknown): Promise<NotifySuccessBody | undefined> {
    const route = this.notifyRoute;
    if (route === null) {
      // Unreachable through Nest: the module provides this service only with a notifyRoute.
      return Promise.reject(new Error('FynoRoutes.notify: FynoModule has no notifyRoute'));
    }
    return answerInNest<NotifySuccessBody>(this.adapterHost.httpAdapter, route as ExchangeRoute<unknown, ExchangeAnswer>, req as PlatformRequest, res, {
      status: 202,
      refusals: 'app-filters',
      body: 'platform',
    });
  }
}
