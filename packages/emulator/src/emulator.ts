/**
 * `createEmulator`: the emulator as a plain Node request handler, usable on its own server or
 * mounted in Express under a prefix (it routes on `req.url` as given).
 */
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { handleApi } from './api.js';
import { hostRule } from './inapp-host.js';
import { attachInapp, type InappSocketServer } from './inapp-socket.js';
import { InappStore } from './inapp-store.js';
import type { InappRecord } from './inapp-types.js';
import { allowedHostSet, isAllowedHost } from './host-check.js';
import { MAX_REFUSED_SHOWN, renderInboxPage } from './inbox-page.js';
import type { PreferenceStore } from './preferences-store.js';
import { newProfile } from './profiles-store.js';
import { errorReply, writeReply } from './respond.js';
import { handleEmulatorRoute } from './routes-emulator.js';
import { SseHub } from './sse.js';
import { createState } from './state.js';
import type { Suppression } from './suppressions-store.js';
import type { EmulatorOptions, FailNextFault, FaultOptions, MessageFilter, MessageRecord, ProfileInput, RequestLogEntry, Version } from './types.js';
import type { ReportRecord, WebhookEndpoint, WebhookStatus } from './webhook-types.js';

/** A running emulator's handler and its test controls. */
export interface Emulator {
  /** Node request handler: `http.createServer(emulator.handler)` or `app.use('/fyno', emulator.handler)`. */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** The workspace id accepted in `/v1/{WSID}/...`. */
  readonly workspaceId: string;
  /** The API key to send as `Authorization: Bearer <apiKey>` (a local test key). */
  readonly apiKey: string;
  /** Accepted messages, oldest first, optionally filtered. A plain array (awaiting it also works). */
  messages(filter?: MessageFilter): MessageRecord[];
  /** The API request log, oldest first (never includes the Authorization header). */
  requests(): RequestLogEntry[];
  /**
   * Subscription topics and each user's choices: what S1–S3 read and change and what fires apply.
   * The in-app socket reads and changes preferences through this same store.
   */
  readonly preferences: PreferenceStore;
  /** The suppression list (X1–X3), oldest first. */
  suppressions(): Suppression[];
  /** Forget messages, the request log, remembered Idempotency-Keys and issued OTPs (profiles, preferences and suppressions stay). */
  clear(): void;
  /** Replace the random fault configuration; `null` turns random faults off. */
  setFaults(faults: FaultOptions | null): void;
  /** Give the next `count` API requests `fault`, before processing (default) or after it. */
  failNext(count: number, fault: FailNextFault, phase?: 'before' | 'after'): void;
  /** Create or replace a profile in `version`. */
  addProfile(version: Version, distinctId: string, profile?: ProfileInput): void;
  /** Delivery reports sent (or being sent) to the webhooks, oldest first, with every endpoint answer. */
  reports(): ReportRecord[];
  /** The webhook endpoints and their `fyno_token` verification. */
  webhooks(): WebhookStatus[];
  /** Add a webhook endpoint (e.g. once the receiver's port is known) and verify it. */
  addWebhook(endpoint: WebhookEndpoint): Promise<WebhookStatus>;
  /** Verify every webhook endpoint now (again for one that failed) instead of before its first report. */
  verifyWebhooks(): Promise<WebhookStatus[]>;
  /** Resolves once no delivery report is waiting or being sent. */
  reportsSettled(): Promise<void>;
  /** The in-app integration: its local credentials and the inboxes fires filled. */
  readonly inappIntegration: InappIntegration;
  /** End SSE streams, pending stalls and pending reports. The handler must not be used afterwards. */
  close(): void;
}

/** The emulator's in-app integration (CONTRACT.md §10). */
export interface InappIntegration {
  /** The in-app integration id clients send as `Integration_ID`. */
  readonly integrationId: string;
  /** The integration token that keys signatures: a local, non-secret value. */
  readonly integrationToken: string;
  /** The in-app messages of `userId` (or of everyone), oldest first, deleted ones included. */
  messages(userId?: string): InappRecord[];
  /**
   * Serve Fyno's in-app Socket.IO protocol at `/socket.io/` on `server` (`startEmulator` does
   * this on a server of its own). `hostAllowed` is the Host rule; loopback only by default.
   */
  attach(server: HttpServer, hostAllowed?: (host: string | undefined) => boolean): InappSocketServer;
}

/** The default in-app integration id. */
export const DEFAULT_INAPP_INTEGRATION_ID = 'IEMULATORINAPP';
/** The default in-app integration token: fixed and obviously not a secret, like the API key. */
export const DEFAULT_INAPP_TOKEN = 'emu_inapp_token_not_a_secret';
const HOST_REFUSED =
  'This Host may not reach the control routes or the inbox page (only localhost, 127.0.0.1, [::1] and the ' +
  'address the emulator is bound to may). To allow another name, start the emulator with --allow-host <name> ' +
  '(or the allowHosts option). The API under /v1 accepts any Host.';

/** Create an emulator instance (no server; see `startEmulator` for one that listens). */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const state = createState(options);
  const sse = new SseHub(state.messages, state.requestLog);
  const inappOptions = options.inapp ?? {};
  const inappStore = new InappStore({
    workspaceId: state.workspaceId,
    integrationId: inappOptions.integrationId ?? DEFAULT_INAPP_INTEGRATION_ID,
    versions: new Set(inappOptions.versions ?? ['live', 'test']),
    profiles: state.profiles,
  });
  // The one hook into accepting messages: every stored message may ask for delivery reports
  // and may reach in-app inboxes.
  state.messages.subscribe((event, record) => {
    if (event === 'message' && record) {
      state.reports.onMessage(record);
      inappStore.deliver(record);
    } else if (event === 'clear') {
      inappStore.clear();
    }
  });

  const allowedHosts = allowedHostSet(options.allowHosts);

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q + 1);
    if (path.startsWith('/v1/')) return handleApi({ state, req, res, url, path, query });
    if ((path.startsWith('/_emulator') || path === '/' || path === '') && !isAllowedHost(req, allowedHosts)) {
      return writeReply(res, errorReply(403, HOST_REFUSED));
    }
    if (path.startsWith('/_emulator')) return handleEmulatorRoute({ state, sse, req, res, query }, path);
    if (path === '/' || path === '') return serveInbox(req, res);
    writeReply(res, errorReply(404, 'Not found'));
  };

  const serveInbox = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return writeReply(res, { ...errorReply(405, 'Method not allowed'), headers: { allow: 'GET, HEAD' } });
    }
    // Mounted under a prefix (Express sets originalUrl): the page's relative links need the
    // trailing slash, so `/fyno` redirects to `/fyno/`.
    const original = (req as IncomingMessage & { originalUrl?: string }).originalUrl;
    const originalPath = original?.split('?')[0];
    if (originalPath !== undefined && !originalPath.endsWith('/')) {
      res.writeHead(301, { location: `${originalPath}/` });
      res.end();
      return;
    }
    const html = renderInboxPage(state.messages.list(), state.workspaceId, (id) => inappStore.bySource(id), state.requestLog.latestRefused(MAX_REFUSED_SHOWN));
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'",
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  };

  return {
    handler,
    workspaceId: state.workspaceId,
    apiKey: state.apiKey,
    messages: (filter) => state.messages.list(filter),
    requests: () => state.requestLog.list(),
    preferences: state.preferences,
    suppressions: () => state.suppressions.list(),
    clear: () => {
      state.verify.clear();
      state.messages.clear();
      state.requestLog.clear();
      state.idempotency.clear();
      state.reports.clear();
    },
    setFaults: (faults) => state.faults.set(faults),
    failNext: (count, fault, phase) => state.faults.failNext(count, fault, phase),
    addProfile: (version, distinctId, profile = {}) => {
      state.profiles[version].set(distinctId, newProfile(distinctId, profile));
    },
    reports: () => state.reports.reports(),
    webhooks: () => state.reports.statuses(),
    addWebhook: (endpoint) => state.reports.addAndVerify(endpoint),
    verifyWebhooks: () => state.reports.verifyAll(),
    reportsSettled: () => state.reports.settled(),
    inappIntegration: {
      integrationId: inappOptions.integrationId ?? DEFAULT_INAPP_INTEGRATION_ID,
      integrationToken: inappOptions.integrationToken ?? DEFAULT_INAPP_TOKEN,
      messages: (userId) => (userId === undefined ? inappStore.all() : inappStore.of(userId)),
      attach: (server, hostAllowed = hostRule('127.0.0.1')) => {
        const sockets = attachInapp(server, {
          state,
          store: inappStore,
          integrationId: inappOptions.integrationId ?? DEFAULT_INAPP_INTEGRATION_ID,
          integrationToken: inappOptions.integrationToken ?? DEFAULT_INAPP_TOKEN,
          rejectMessage: inappOptions.rejectMessage ?? 'Authentication failed',
          branding: inappOptions.branding ?? true,
          preferenceVersion: inappOptions.preferenceVersion ?? 'live',
          hostAllowed,
        });
        state.inappSockets.add(sockets);
        const close = sockets.close;
        return { ...sockets, close: () => (state.inappSockets.delete(sockets), close()) };
      },
    },
    close: () => {
      sse.close();
      state.faults.close();
      state.reports.close();
    },
  };
}
