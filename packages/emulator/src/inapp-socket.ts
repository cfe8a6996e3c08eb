/**
 * The in-app server: Fyno's Socket.IO protocol (CONTRACT.md §10) on its own HTTP server. It
 * checks the handshake signature, joins each socket to its user's room and turns the client
 * events into changes of the in-app store, whose announcements go to the user's room.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { InappStore } from './inapp-store.js';
import { signatureMatches } from './inapp-signature.js';
import { isPlainObject } from './respond.js';
import { applyPreferences, preferenceView } from './routes-subscriptions.js';
import type { EmulatorState } from './state.js';
import type { Version } from './types.js';

/** What the in-app server needs from its emulator. */
export interface InappServerConfig {
  state: EmulatorState;
  store: InappStore;
  integrationId: string;
  integrationToken: string;
  rejectMessage: string;
  branding: boolean;
  preferenceVersion: Version;
  /** The Host rule: true when a request's Host header may reach the server. */
  hostAllowed: (host: string | undefined) => boolean;
}

/** A running in-app Socket.IO server. */
export interface InappSocketServer {
  readonly io: Server;
  /** Connected sockets now (every tab of every user). */
  connections(): number;
  /** Close every socket of `userId` (or of everyone) from the server side, as a dropped network would. */
  disconnect(userId?: string): number;
  close(): Promise<void>;
}

interface SocketData {
  userId: string;
}

const roomOf = (workspaceId: string, userId: string): string => `ws:${workspaceId}:user:${userId}`;

/** Attach Fyno's in-app protocol to `httpServer` at `/socket.io/`. */
export function attachInapp(httpServer: HttpServer, config: InappServerConfig): InappSocketServer {
  const { state, store } = config;
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(httpServer, {
    path: '/socket.io/',
    transports: ['polling', 'websocket'],
    // Fyno's client sends credentials and a custom header: the origin must be echoed, not `*`.
    cors: { origin: true, credentials: true, allowedHeaders: ['x-fyno-signature', 'content-type'] },
    allowRequest: (req, callback) => callback(null, config.hostAllowed(req.headers.host)),
    serveClient: false,
  });

  io.use((socket, next) => {
    const userId = authenticate(socket, config);
    if (userId === null) return next(new Error(config.rejectMessage));
    socket.data.userId = userId;
    next();
  });

  const unsubscribe = store.onEmit((userId, event, payload) => {
    const room = io.to(roomOf(state.workspaceId, userId)) as unknown as { emit: (e: string, p?: unknown) => void };
    if (payload === undefined) room.emit(event);
    else room.emit(event, payload);
  });

  io.on('connection', (socket) => {
    const { userId } = socket.data;
    void socket.join(roomOf(state.workspaceId, userId));
    const send = socket as unknown as { emit: (e: string, p?: unknown) => void; on: (e: string, f: (p?: unknown) => void) => void };
    send.emit('connectionSuccess', { config: { branding: config.branding } });
    send.emit('lastSeenUpdated', store.isSeen(userId));
    // No acks anywhere (no Fyno client passes a callback); a bad payload is ignored, never fatal.
    send.on('get:messages', (query) => {
      const q = isPlainObject(query) ? query : {};
      const filter = q.filter === 'unread' ? 'unread' : 'all';
      const page = typeof q.page === 'number' && Number.isInteger(q.page) && q.page >= 1 ? q.page : 1;
      send.emit('messages:state', store.page(userId, filter, page));
    });
    send.on('message:recieved', (m) => store.received(userId, idOf(m, 'id')));
    send.on('message:read', (m) => store.read(userId, idOf(m, '_id')));
    send.on('message:deleted', (m) => store.remove(userId, idOf(m, '_id')));
    send.on('markAll:read', () => store.readAll(userId));
    send.on('markAll:delete', () => store.removeAll(userId));
    send.on('updateLastSeen', () => store.seen(userId));
    send.on('get:preference', () => {
      send.emit('preferences:state', preferenceView(state, config.preferenceVersion, profileOf(config, userId)));
    });
    send.on('set:preference', (wanted) => {
      if (!isPlainObject(wanted)) return;
      applyPreferences(state, config.preferenceVersion, profileOf(config, userId), wanted);
      // Only the tab that saved: Fyno's client toasts and re-reads on this, and toggles its panel.
      send.emit('preference:update', {});
    });
  });

  return {
    io,
    connections: () => io.of('/').sockets.size,
    disconnect: (userId) => {
      let count = 0;
      for (const socket of io.of('/').sockets.values()) {
        if (userId !== undefined && socket.data.userId !== userId) continue;
        // `conn.close()` drops the transport like a network cut, so the client reconnects by itself.
        socket.conn.close();
        count++;
      }
      return count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        io.close(() => resolve());
      }),
  };
}

/** The handshake's user id when its signature holds, else null (one answer for every failure). */
function authenticate(socket: Socket, config: InappServerConfig): string | null {
  const auth: Record<string, unknown> = isPlainObject(socket.handshake.auth) ? socket.handshake.auth : {};
  const { user_id: userId, WS_ID: workspaceId, Integration_ID: integrationId } = auth;
  if (typeof userId !== 'string' || userId === '') return null;
  if (workspaceId !== config.state.workspaceId) return null;
  // A missing Integration_ID is taken (Fyno's Kotlin SDK omits it); another one is not.
  if (integrationId !== undefined && integrationId !== '' && integrationId !== config.integrationId) return null;
  const signature = signatureFrom(socket.handshake.auth, socket.handshake.headers);
  if (signature === undefined) return null;
  return signatureMatches(signature, config.state.workspaceId, config.integrationToken, userId) ? userId : null;
}

/** The signature from `auth`, else the `x-fyno-signature` header, else the `x-fyno-cookie` cookie. */
function signatureFrom(auth: unknown, headers: IncomingMessage['headers']): string | undefined {
  if (isPlainObject(auth) && typeof auth['x-fyno-signature'] === 'string' && auth['x-fyno-signature'] !== '') {
    return auth['x-fyno-signature'];
  }
  const header = headers['x-fyno-signature'];
  if (typeof header === 'string' && header !== '') return header;
  const cookie = headers.cookie;
  if (typeof cookie === 'string') {
    for (const part of cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq !== -1 && part.slice(0, eq).trim() === 'x-fyno-cookie') {
        const value = part.slice(eq + 1).trim();
        if (value !== '') return value;
      }
    }
  }
  return undefined;
}

/** The message id a client event names: `_id` of a whole message, `id` of `message:recieved`. */
function idOf(payload: unknown, key: '_id' | 'id'): unknown {
  if (!isPlainObject(payload)) return undefined;
  return payload[key] ?? payload._id;
}

/** The profile whose preferences a socket user edits: the one holding the in-app token, else the id itself. */
function profileOf(config: InappServerConfig, userId: string): string {
  const profiles = config.state.profiles[config.preferenceVersion];
  if (profiles.has(userId)) return userId;
  for (const profile of profiles.values()) {
    if (profile.channel.inapp?.some((t) => t.token === userId)) return profile.distinct_id;
  }
  return userId;
}
