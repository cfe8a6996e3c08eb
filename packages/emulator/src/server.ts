/**
 * `startEmulator`: the emulator on its own HTTP server, tuned for keep-alive load, with a
 * `stop()` that closes idle and busy connections at once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator, type Emulator } from './emulator.js';
import { hostRule } from './inapp-host.js';
import type { InappRecord } from './inapp-types.js';
import type { StartEmulatorOptions } from './types.js';

/** The in-app server of a running emulator. */
export interface RunningInapp {
  /** Origin of the in-app server, e.g. `http://127.0.0.1:4011` (clients connect to `/socket.io/` on it). */
  readonly url: string;
  /** The in-app integration id clients send as `Integration_ID`. */
  readonly integrationId: string;
  /** The integration token that keys signatures: a local, non-secret value. */
  readonly integrationToken: string;
  /** The in-app messages of `userId` (or of everyone), oldest first, deleted ones included. */
  messages(userId?: string): InappRecord[];
  /** Connected in-app sockets now. */
  connections(): number;
  /** Drop every socket of `userId` (or all) from the server side; clients reconnect on their own. */
  disconnect(userId?: string): number;
}

/** A listening emulator: its addresses, credentials and test controls. */
export interface RunningEmulator extends Omit<Emulator, 'handler' | 'close' | 'inappIntegration'> {
  /** The in-app server (Fyno's Socket.IO protocol) on its own port, and its local credentials. */
  readonly inapp: RunningInapp;
  /** Origin of the server, e.g. `http://127.0.0.1:4010`; the inbox page is at `url + '/'`. */
  readonly url: string;
  /** Base URL for a Fyno client: `url + '/v1'`. */
  readonly baseUrl: string;
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** The underlying Node server. */
  readonly server: Server;
  /** Stop listening and close every connection, including keep-alive and SSE ones. */
  stop(): Promise<void>;
}

// Longer than common client keep-alive timeouts (undici 4 s, Node agents ~5 s, ALBs 60 s), so
// the server is never the side that closes a socket a client is about to reuse.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const HEADERS_TIMEOUT_MS = 66_000;

/** Start an emulator on `host:port` (default `127.0.0.1:0`, a free port). */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const { allowHosts } = rest;
  const emulator = createEmulator(rest);
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, emulator.handler);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  // Stalls and large uploads are legitimate here; the per-request timeout would cut them off.
  server.requestTimeout = 0;
  await listen(server, port, host);
  const bound = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${hostInUrl}:${bound}`;
  // The in-app server gets a port of its own, as Fyno's does (inapp.fyno.io, not api.fyno.io).
  const inappServer = createServer();
  const inappSockets = emulator.inappIntegration.attach(inappServer, hostRule(host, allowHosts));
  await listen(inappServer, rest.inapp?.port ?? 0, host).catch(async (error: unknown) => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  });
  const inappUrl = `http://${hostInUrl}:${(inappServer.address() as AddressInfo).port}`;
  let stopping: Promise<void> | undefined;
  const { handler: _handler, close, inappIntegration, ...controls } = emulator;
  return {
    ...controls,
    inapp: {
      url: inappUrl,
      integrationId: inappIntegration.integrationId,
      integrationToken: inappIntegration.integrationToken,
      messages: (userId) => inappIntegration.messages(userId),
      connections: () => inappSockets.connections(),
      disconnect: (userId) => inappSockets.disconnect(userId),
    },
    workspaceId: emulator.workspaceId,
    apiKey: emulator.apiKey,
    url,
    baseUrl: `${url}/v1`,
    port: bound,
    server,
    stop: () => {
      stopping ??= (async () => {
        close();
        await inappSockets.close();
        inappServer.closeAllConnections();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return stopping;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
