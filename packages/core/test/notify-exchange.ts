/**
 * Runs one request through a notify route's `serve`, as a host would (core's exchange, a sink that
 * keeps the answer), so core's tests drive the whole route the way every adapter does.
 */
import type { BodySource, NotifyRoute } from '../src/adapter/index';
import type { NotifyHttpResponse, NotifyRouteClient } from '../src/server/index';

/** One request: its head, the host's request object, and a body as bytes, text or a parsed value. */
export interface NotifyRequestInit<TRequest> {
  method: string;
  header(name: string): string | undefined;
  request: TRequest;
  /** Raw bytes or text (`undefined`: no body). */
  body?: string | Uint8Array;
  /** A value the host's JSON parser made (used when `hasParsedBody`, or when it is set). */
  parsedBody?: unknown;
  hasParsedBody?: boolean;
  /** The host's client for the request (Express's `req.fyno`). */
  client?: NotifyRouteClient;
}

/** The route's answer, and whether it asked for the connection to be closed. */
export type ServedAnswer = NotifyHttpResponse & { closeConnection: boolean };

export async function serveOnce<TRequest>(route: NotifyRoute<TRequest>, init: NotifyRequestInit<TRequest>): Promise<ServedAnswer> {
  const source: BodySource =
    (init.hasParsedBody ?? init.parsedBody !== undefined) ? { kind: 'parsed', value: init.parsedBody } : { kind: 'bytes', bytes: init.body };
  let served: ServedAnswer | undefined;
  await route.serve({
    method: init.method,
    header: init.header,
    body: () => source,
    request: init.request,
    ...(init.client === undefined ? {} : { client: init.client }),
    sink: {
      send(answer, { closeConnection }) {
        served = { ...answer, closeConnection };
      },
    },
  });
  if (served === undefined) throw new Error('the route wrote no answer');
  return served;
}
