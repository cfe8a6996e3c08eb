/**
 * The notify route as a Nest controller, so it runs behind the app's guards, interceptors and pipes.
 * Each `forRoot` / `forRootAsync` gets a class of its own: its path and guards are set on it once
 * the options are known (notify-route.setup.ts), which for `forRootAsync` is after its factory ran.
 */
import { Controller, HttpCode, Inject, Req, Res, UseFilters, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NotifyRoute, NotifySuccessBody } from '@fyno-kit/core/server';
import { FYNO_NOTIFY_ROUTE } from './fyno.constants';
import { answerNotify, type PlatformRequest } from './notify-request';
import { FynoNotifyRefusal, FynoNotifyRefusalFilter } from './notify-refusal';

/** What a notify controller instance offers the setup (and nothing else). */
export interface NotifyControllerInstance {
  notify(req: PlatformRequest, res: unknown): Promise<NotifySuccessBody>;
}

/** A new controller class: no route until `notify-route.setup.ts` gives its method a path. */
export function createNotifyController(): Type<NotifyControllerInstance> {
  @Controller()
  class FynoNotifyController implements NotifyControllerInstance {
    constructor(
      @Inject(FYNO_NOTIFY_ROUTE) private readonly route: NotifyRoute | undefined,
      @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    ) {}

    @HttpCode(202)
    @UseFilters(FynoNotifyRefusalFilter)
    async notify(@Req() req: PlatformRequest, @Res({ passthrough: true }) res: unknown): Promise<NotifySuccessBody> {
      const adapter = this.adapterHost.httpAdapter;
      const platform = adapter.getType() === 'fastify' ? 'fastify' : 'express';
      // Set only when the options name a route: without one, this method has no path and is never called.
      const answer = await answerNotify(this.route!, req, platform);
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
