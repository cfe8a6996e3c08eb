/**
 * The demo server: Express with `fyno()`, `notifyRoute()`, `preferences()` and `inappSession()`, the built
 * React page, and — unless FYNO_WSID and FYNO_API_KEY are set — the emulator (its API, its inbox
 * page and its in-app socket), all on one port.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import {
  CodeSignIn,
  DEMO_WEBHOOK_SECRET,
  DeliveryBook,
  type DemoMode,
  demoInapp,
  EMULATOR_EVENTS,
  findUser,
  inboxView,
  policy,
  preferencesPolicy,
  sessionCookie,
  sessionUser,
  sessionView,
  VERIFY_EVENTS,
} from '@fyno-kit/demo-shared/server';
import { createEmulator, type Emulator } from '@fyno-kit/emulator';
import { deliveryReports, fyno, inappSession, notifyRoute, preferences } from '@fyno-kit/express';
import express from 'express';

/** Where the Vite build of the page is. */
export const clientDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'client');

/** Options of `startDemo`. */
export interface DemoOptions {
  port?: number;
  host?: string;
  /** Talk to Fyno itself with these (default: FYNO_WSID / FYNO_API_KEY from the environment, else the emulator). */
  fyno?: FynoOptions;
  /** Where the built page is (default: `dist/client` beside this server). */
  clientDir?: string;
}

/** A running demo. */
export interface RunningDemo {
  url: string;
  mode: DemoMode;
  emulator: Emulator | undefined;
  server: Server;
  close(): Promise<void>;
}

/**
 * The same-origin JSON routes the page uses besides the notify and preferences routes; with
 * `codeSignIn`, also "Sign in with a code" (`POST /code-sign-in`, `POST /code-sign-in/verify`).
 */
export function sessionRoutes(
  emulator: Emulator | undefined,
  mode: DemoMode,
  delivery?: DeliveryBook,
  inapp = false,
  more: { codeSignIn?: CodeSignIn; preferences?: boolean } = {},
): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '1kb' }));
  const features = { preferences: more.preferences, codeSignIn: !!more.codeSignIn };
  router.get('/session', (req, res) => {
    res.json(sessionView(sessionUser(req), mode, inapp, features));
  });
  if (more.codeSignIn) {
    const codes = more.codeSignIn;
    for (const action of ['start', 'verify'] as const) {
      router.post(action === 'start' ? '/code-sign-in' : '/code-sign-in/verify', (req, res, next) => {
        codes.handle(action, req, req.body).then((answer) => {
          res.setHeader('Set-Cookie', answer.setCookies);
          res.setHeader('Cache-Control', 'no-store');
          res.status(answer.status).json(answer.body);
        }, next);
      });
    }
  }
  router.post('/session', (req, res) => {
    const user = findUser(typeof req.body?.userId === 'string' ? req.body.userId : undefined);
    if (!user) {
      res.status(400).json({ error: { code: 'unknown_user', message: 'Pick one of the demo users' } });
      return;
    }
    res.setHeader('Set-Cookie', sessionCookie(user.id));
    res.json({ user: { id: user.id, name: user.name } });
  });
  router.delete('/session', (_req, res) => {
    res.setHeader('Set-Cookie', sessionCookie(null));
    res.status(204).end();
  });
  // The signed-in user's inbox: what the emulator received for them, newest first.
  router.get('/inbox', (req, res) => {
    const user = sessionUser(req);
    if (!user) {
      res.status(401).json({ error: { code: 'unauthorized', message: 'Sign in to see your inbox' } });
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json(inboxView(emulator, user, mode, delivery && ((msgId) => delivery.stageOf(msgId))));
  });
  router.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'No such API route' } });
  });
  // Malformed or oversized JSON from the parser: a JSON error, never Express's HTML page with a stack.
  router.use((error: { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    const code = status === 413 ? 'payload_too_large' : status === 500 ? 'internal_error' : 'invalid_body';
    res.status(status).json({ error: { code, message: status === 500 ? 'Something went wrong' : 'The request body was not accepted' } });
  });
  return router;
}

function fynoFromEnv(): FynoOptions | undefined {
  return process.env.FYNO_WSID && process.env.FYNO_API_KEY ? {} : undefined;
}

/** Starts the demo and resolves once it listens. */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const pageDir = options.clientDir ?? clientDir;
  if (!existsSync(join(pageDir, 'index.html'))) {
    throw new Error(`The page is not built (${pageDir}): run the demo with \`npm run demo\`.`);
  }
  const fynoOptions = options.fyno ?? fynoFromEnv();
  const mode = fynoOptions ? 'fyno' : 'emulator';
  // Delivery reports come back to this app's own receiver: signed with FYNO_WEBHOOK_SECRET (the
  // workspace secret key) when set; the built-in emulator otherwise signs with a local demo value.
  const webhookSecret = process.env.FYNO_WEBHOOK_SECRET || (mode === 'emulator' ? DEMO_WEBHOOK_SECRET : undefined);
  // A lifecycle step every 1.2 s, so the page shows each message going sent → delivered → read.
  // `login_code` carries Fyno's OTP (`verifyEvents`); the emulator's default topics link
  // `order_shipped` (email and sms on) and `login_code` (email required), so preferences show.
  const emulator =
    mode === 'emulator'
      ? createEmulator({ events: [...EMULATOR_EVENTS], verifyEvents: [...VERIFY_EVENTS], quiet: true, webhookSecret, webhookStepMs: 1_200 })
      : undefined;
  const delivery = webhookSecret ? new DeliveryBook() : undefined;
  const app = express();
  app.disable('x-powered-by');
  if (emulator) app.use('/emulator', emulator.handler);

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  // The client points at the emulator on this very server, so it is made once the port is known.
  const client = new Fyno(fynoOptions ?? { workspaceId: emulator!.workspaceId, apiKey: emulator!.apiKey, baseUrl: `${url}/emulator/v1` });
  app.use(fyno(client));
  app.use('/api/fyno/notify', notifyRoute({ ...policy, client }));
  app.use('/api/fyno/preferences', preferences({ ...preferencesPolicy, client }));
  if (delivery && webhookSecret) app.use('/api/fyno/reports', deliveryReports({ secret: webhookSecret, onReport: (report) => delivery.record(report) }));
  // The in-app inbox: the emulator's socket on this same server, and the route that signs the user.
  const inappSockets = emulator?.inappIntegration.attach(server);
  const inapp = demoInapp(emulator, url);
  if (inapp) app.use('/api/fyno/inapp-session', inappSession({ identify: policy.identify, client, ...inapp }));
  const codeSignIn = new CodeSignIn(async () => client);
  app.use('/api', sessionRoutes(emulator, mode, delivery, inapp !== undefined, { codeSignIn, preferences: true }));
  app.use(express.static(pageDir, { index: 'index.html', maxAge: '1h', setHeaders: noCacheHtml }));

  // Verified with a fyno_token call, as Fyno verifies an Allowlist URL, now that the receiver listens.
  if (emulator) await emulator.addWebhook({ name: 'demo', url: `${url}/api/fyno/reports` });

  return {
    url,
    mode,
    emulator,
    server,
    async close() {
      server.closeAllConnections();
      // Socket.IO closes the server it is attached to as well; the close below then just calls back.
      await inappSockets?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await client.close();
      emulator?.close();
    },
  };
}

function noCacheHtml(res: express.Response, path: string): void {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}
