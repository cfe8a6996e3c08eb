/**
 * A real HTTP server that answers like the preferences route's contract (GET the view, POST
 * `{ changes }`), for the hook tests that need failures on demand: `x-delay-ms` delays an answer,
 * `x-fail: <status> <code>` answers that error. State is per user (`Authorization: Bearer <user>`);
 * without one, 401 as the route. The hook against the real route and the emulator: real-route.test.tsx.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PreferencesView } from '../src/preferences/index';

export interface SeenPreferencesRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: any;
  /** When the server received it and when it answered (ms since start), to check ordering. */
  receivedAt: number;
  answeredAt?: number;
}

export interface PreferencesRouteServer {
  endpoint: string;
  requests: SeenPreferencesRequest[];
  /** The stored view of one user (what a fresh GET would answer). */
  viewOf(user: string): PreferencesView;
  reset(): void;
  close(): Promise<void>;
}

/** Orders (shown: email, sms), Account (email required), and a topic the route hides (`SHIDDEN001`). */
export function initialView(): PreferencesView {
  return {
    sections: [
      {
        name: 'Orders',
        topics: [
          {
            id: 'SORDERS001',
            name: 'Order updates',
            description: 'Shipping and delivery',
            channels: [
              { channel: 'email', on: true, required: false },
              { channel: 'sms', on: true, required: false },
            ],
          },
        ],
      },
      {
        name: 'Account',
        topics: [{ id: 'SSECURITY1', name: 'Security', channels: [{ channel: 'email', on: true, required: true }] }],
      },
    ],
    global: [
      { channel: 'email', on: true },
      { channel: 'sms', on: true },
    ],
  };
}

export async function startPreferencesRouteServer(): Promise<PreferencesRouteServer> {
  const started = Date.now();
  const requests: SeenPreferencesRequest[] = [];
  let views = new Map<string, PreferencesView>();
  const viewOf = (user: string) => views.get(user) ?? views.set(user, initialView()).get(user)!;
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const seen: SeenPreferencesRequest = { method: req.method ?? '', headers: req.headers, body, receivedAt: Date.now() - started };
      requests.push(seen);
      const json = (status: number, payload: unknown) => {
        seen.answeredAt = Date.now() - started;
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const error = (status: number, code: string) => json(status, { error: { code, message: `test ${code}` } });
      const answer = () => {
        const fail = req.headers['x-fail'];
        if (typeof fail === 'string') {
          const [status, code] = fail.split(' ');
          return error(Number(status), code!);
        }
        const user = /^Bearer (\w+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!user) return error(401, 'unauthorized');
        const view = viewOf(user);
        if (req.method === 'GET') return json(200, view);
        if (req.method !== 'POST') return error(405, 'method_not_allowed');
        if (!req.headers['content-type']?.startsWith('application/json')) return error(415, 'unsupported_media_type');
        const changes = body?.changes;
        if (!Array.isArray(changes) || changes.length < 1 || Object.keys(body).length !== 1) return error(400, 'invalid_body');
        // All or nothing, as the route: check every change, then apply.
        for (const { topic, channel } of changes) {
          if (topic === 'all') {
            if (!view.global.some((g) => g.channel === channel)) return error(403, 'topic_not_allowed');
            continue;
          }
          const state = view.sections
            .flatMap((s) => s.topics)
            .find((t) => t.id === topic)
            ?.channels.find((c) => c.channel === channel);
          if (!state) return error(403, 'topic_not_allowed');
          if (state.required) return error(409, 'channel_required');
        }
        for (const { topic, channel, on } of changes) {
          for (const g of view.global) if (topic === 'all' && g.channel === channel) g.on = on;
          for (const t of view.sections.flatMap((s) => s.topics)) {
            for (const c of t.channels) if ((topic === 'all' || t.id === topic) && c.channel === channel && !c.required) c.on = on;
          }
        }
        return json(200, view);
      };
      const delayMs = Number(req.headers['x-delay-ms']) || 0;
      if (delayMs) setTimeout(() => !res.destroyed && answer(), delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint: `${origin}/api/fyno/preferences`,
    requests,
    viewOf: (user) => structuredClone(viewOf(user)),
    reset() {
      requests.length = 0;
      views = new Map();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
