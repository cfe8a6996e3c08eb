/**
 * A real HTTP server that answers like the notify route, for the hook tests. The event name picks
 * the answer, so each test states the outcome it wants in the call itself.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface RouteServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The absolute notify endpoint. */
  endpoint: string;
  requests: SeenRequest[];
  /** Requests whose connection closed before the answer was sent (aborted by the client). */
  closedEarly: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Events: `ok` → 202; `unauthorized` → 401; `forbidden` → 403; `limited` → 429 with `Retry-After: 7`;
 * `limited_until` → 429 with an HTTP-date Retry-After; `html` → 200 text/html; `bad_json` → 400
 * with a body that is not the route's. `data.delayMs` delays any answer.
 */
export async function startRouteServer(): Promise<RouteServer> {
  const requests: SeenRequest[] = [];
  const closedEarly: SeenRequest[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      let body: any;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(seen);
      res.on('close', () => {
        if (!res.writableFinished) closedEarly.push(seen);
      });
      const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      const error = (status: number, code: string, headers?: Record<string, string>) => json(status, { error: { code, message: `test ${code}` } }, headers);
      const answer = () => {
        switch (body?.event) {
          case 'unauthorized':
            return error(401, 'unauthorized');
          case 'forbidden':
            return error(403, 'event_not_allowed');
          case 'limited':
            return error(429, 'rate_limited', { 'Retry-After': '7' });
          case 'limited_until':
            return error(429, 'rate_limited', { 'Retry-After': new Date(Date.now() + 60_000).toUTCString() });
          case 'html':
            res.writeHead(200, { 'Content-Type': 'text/html' });
            return res.end('<!doctype html><p>login</p>');
          case 'bad_json':
            return json(400, { message: 'not the route' });
          default:
            return json(202, {
              event: body?.event,
              request_id: `req_${++n}`,
              received_time: new Date().toISOString(),
              channels: { email: { status: 'queued', msg_id: `msg_${n}` } },
            });
        }
      };
      const delayMs = Number(body?.data?.delayMs) || 0;
      if (delayMs) setTimeout(() => !res.destroyed && answer(), delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    endpoint: `${origin}/api/fyno/notify`,
    requests,
    closedEarly,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
