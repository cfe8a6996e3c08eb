/**
 * The in-app session route as a Nest controller, so it runs behind the app's guards, interceptors
 * and pipes like any controller: `controllers: [createInappSessionController({ identify })]`.
 */
import { All, Controller, HttpCode, HttpException, Inject, Optional, Req, Res, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createInappSessionRoute, nodeHeader, type InappSessionAnswer } from '@fyno-kit/core/adapter';
import type { InappSession, InappSessionClient, InappSessionOptions } from '@fyno-kit/core/server';
import { FYNO_CLIENT } from './tokens';
import type { PlatformRequest } from './notify-request';

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
  const route = createInappSessionRoute<TRequest>(routeOptions);

  @Controller()
  class FynoInappSessionController implements InappSessionControllerInstance {
    constructor(
      @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
      @Optional() @Inject(FYNO_CLIENT) private readonly client?: InappSessionClient,
    ) {}

    // Every method: the route itself answers 405 with `Allow: POST`, in its own error shape.
    @All(path)
    @HttpCode(200)
    async session(@Req() req: PlatformRequest, @Res({ passthrough: true }) res: unknown): Promise<InappSession> {
      let answer: InappSessionAnswer | undefined;
      await route.serve({
        method: req.method ?? 'POST',
        header: nodeHeader(req),
        // The route uses no body; whatever the platform's parser made of one is handed over unread.
        body: () => ({ kind: 'parsed', value: req.body }),
        request: req as TRequest,
        ...(this.client === undefined ? {} : { client: this.client as never }),
        sink: { send: (response) => void (answer = response) },
      });
      const response = answer!;
      const adapter = this.adapterHost.httpAdapter;
      for (const [name, value] of Object.entries(response.headers)) adapter.setHeader(res as never, name, value);
      if (response.status !== 200) throw new HttpException(response.body, response.status);
      // Returned, not written: the app's interceptors see the body.
      return response.body as InappSession;
    }
  }
  return FynoInappSessionController;
}
