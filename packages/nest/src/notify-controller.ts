/**
 * The notify route as a Nest controller, so it runs behind the app's guards, interceptors and pipes.
 * Each `forRoot` / `forRootAsync` call makes a class of its own, decorated there and then from the
 * options (its path and guards), before Nest scans the module: Nest then builds its guards and its
 * filter in `FynoModule`'s scope like any controller's, and puts the global prefix in front.
 */
import type { NotifyRoute, NotifySuccessBody } from '@fyno-kit/core/server';
import { All, Controller, HttpCode, Inject, Req, Res, type Type, UseFilters, UseGuards } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FynoNotifyRouteDeclaration } from './fyno-options';
import { FynoNotifyRefusal, FynoNotifyRefusalFilter } from './notify-refusal';
import { answerNotify, type PlatformRequest } from './notify-request';
import { FYNO_NOTIFY_ROUTE } from './tokens';

/** A new controller class serving the route at `path` (already normalised) behind `guards`. */
export function createNotifyController(path: string, guards: NonNullable<FynoNotifyRouteDeclaration['guards']>): Type<unknown> {
  @Controller()
  class FynoNotifyController {
    constructor(
      @Inject(FYNO_NOTIFY_ROUTE) private readonly route: NotifyRoute,
      @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    ) {}

    // Every method: the route itself answers 405 with `Allow: POST`, in its own error shape.
    @All(path)
    @HttpCode(202)
    @UseGuards(...guards)
    @UseFilters(FynoNotifyRefusalFilter)
    async notify(@Req() req: PlatformRequest, @Res({ passthrough: true }) res: unknown): Promise<NotifySuccessBody> {
      const adapter = this.adapterHost.httpAdapter;
      const answer = await answerNotify(this.route, req, adapter.getType() === 'fastify' ? 'fastify' : 'express');
      // The sender went away mid-body: the socket is gone, nothing to answer.
      if (answer === undefined) return undefined as unknown as NotifySuccessBody;
      const { response, closeConnection } = answer;
      if (response.status !== 202) throw new FynoNotifyRefusal(response, closeConnection);
      for (const [name, value] of Object.entries(response.headers)) adapter.setHeader(res as never, name, value);
      // Returned, not written: the app's interceptors see (and may map) the 202 body.
      return response.body as NotifySuccessBody;
    }
  }
  return FynoNotifyController;
}
