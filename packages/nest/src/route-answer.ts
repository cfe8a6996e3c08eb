/**
 * One request through a core route, answered the Nest way: the body is returned (so the app's
 * interceptors see it) and a refusal is thrown (so filters write it). Shared by the module's own
 * controllers (route-controller.ts) and by `FynoRoutes`, which an app calls from its own controller.
 */
import type { ExchangeAnswer, ExchangeRoute } from '@fyno-kit/core/adapter';
import type { HttpServer } from '@nestjs/common';
import { FynoNotifyRefusal } from './notify-refusal';
import { answerRoute, type PlatformRequest, type RouteBody } from './notify-request';

/**
 * How a refusal travels: `route-filter` throws a `FynoNotifyRefusal` that a filter bound to the
 * route alone writes in the route's shape (headers included); `app-filters` sets the route's headers
 * on the response first (with `connection: close` when the route asks), then throws the same
 * `FynoNotifyRefusal` (an `HttpException` carrying the route's error body and status) for the app's
 * own exception filters, Nest's default one included.
 */
export type RouteRefusals = 'route-filter' | 'app-filters';

/** How one route is answered. */
export interface RouteAnswerOptions {
  /** The status of the answer returned; any other is a refusal. */
  status: number;
  refusals: RouteRefusals;
  /** What the route does with the body (see `RouteBody`). */
  body: RouteBody;
  /** The module's client, for a route that has none of its own. */
  client?: unknown;
}

/**
 * Runs `route` for `req` and returns the body of its `status` answer, with the route's headers set on
 * `res`; throws any other answer as `refusals` says. `undefined` when the sender went away mid-body:
 * the socket is gone, there is nothing to answer.
 */
export async function answerInNest<TBody>(
  adapter: HttpServer,
  route: ExchangeRoute<unknown, ExchangeAnswer>,
  req: PlatformRequest,
  res: unknown,
  { status, refusals, body, client }: RouteAnswerOptions,
): Promise<TBody | undefined> {
  const platform = adapter.getType() === 'fastify' ? 'fastify' : 'express';
  const answer = await answerRoute(route, req, platform, { body, client });
  if (answer === undefined) return undefined;
  const { response, closeConnection } = answer;
  const refused = response.status !== status;
  if (refused && refusals === 'route-filter') throw new FynoNotifyRefusal(response, closeConnection);
  for (const [name, value] of Object.entries(response.headers)) adapter.setHeader(res as never, name, value);
  if (refused) {
    // An unread upload is still on the socket: whichever filter writes the refusal, the connection ends with it.
    if (closeConnection) adapter.setHeader(res as never, 'connection', 'close');
    throw new FynoNotifyRefusal(response, closeConnection);
  }
  // Returned, not written: the app's interceptors see (and may map) the body.
  return response.body as TBody;
}
