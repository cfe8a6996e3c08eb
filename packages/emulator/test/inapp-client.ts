/**
 * A test client that connects and emits exactly as Fyno's `@fyno/inapp-react` does: the
 * signature in `auth`, in the `x-fyno-signature` header and in the `x-fyno-cookie` cookie,
 * polling first then the websocket upgrade, credentials on, and no acknowledgements.
 */
import { createHmac } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { RunningEmulator } from '../src/index.js';
import { call } from './helpers.js';

/** Where the signature travels; Fyno's React client sends all three. */
export type SignatureIn = 'auth' | 'header' | 'cookie';

export interface FynoClientOptions {
  user: string;
  workspace?: string;
  /** `null` leaves `Integration_ID` out, as Fyno's Kotlin SDK does. */
  integration?: string | null;
  signature?: string;
  signatureIn?: SignatureIn[];
  transports?: ('polling' | 'websocket')[];
  reconnection?: boolean;
}

/** The signature Fyno's README tells servers to compute. */
export function sign(workspace: string, token: string, user: string): string {
  return createHmac('sha256', workspace + token)
    .update(user)
    .digest('hex');
}

/** A connected-or-refused client that records every event it receives, in order. */
export class FynoClient {
  readonly socket: Socket;
  readonly events: { event: string; payload: unknown }[] = [];
  private readonly waiters: { event: string; from: number; resolve: (p: unknown) => void }[] = [];

  constructor(emu: RunningEmulator, options: FynoClientOptions) {
    const workspace = options.workspace ?? emu.workspaceId;
    const signature = options.signature ?? sign(workspace, emu.inapp.integrationToken, options.user);
    const where = new Set(options.signatureIn ?? ['auth', 'header', 'cookie']);
    const auth: Record<string, string> = { user_id: options.user, WS_ID: workspace };
    if (options.integration !== null) auth.Integration_ID = options.integration ?? emu.inapp.integrationId;
    if (where.has('auth')) auth['x-fyno-signature'] = signature;
    const extraHeaders: Record<string, string> = {};
    if (where.has('header')) extraHeaders['x-fyno-signature'] = signature;
    if (where.has('cookie')) extraHeaders.cookie = `x-fyno-cookie=${signature}`;
    this.socket = io(emu.inapp.url, {
      transports: options.transports ?? ['polling', 'websocket'],
      auth,
      extraHeaders,
      withCredentials: true,
      forceNew: true,
      reconnection: options.reconnection ?? false,
    });
    this.socket.onAny((event: string, payload: unknown) => this.record(event, payload));
    this.socket.on('connect_error', (error) => this.record('connect_error', error.message));
  }

  private record(event: string, payload: unknown): void {
    this.events.push({ event, payload });
    for (const w of [...this.waiters]) {
      if (w.event === event) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(payload);
      }
    }
  }

  /** The next `event` after now, or (with `seen`) the first one already received. */
  next<T = any>(event: string, { timeoutMs = 5_000, seen = false } = {}): Promise<T> {
    if (seen) {
      const hit = this.events.find((e) => e.event === event);
      if (hit) return Promise.resolve(hit.payload as T);
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${event}' within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        event,
        from: this.events.length,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p as T);
        },
      });
    });
  }

  /** Payloads of every `event` received so far. */
  all<T = any>(event: string): T[] {
    return this.events.filter((e) => e.event === event).map((e) => e.payload as T);
  }

  /** Emit as Fyno's client does: never with an ack callback. */
  emit(event: string, ...args: unknown[]): void {
    this.socket.emit(event, ...args);
  }

  /** Ask for a page and wait for its `messages:state`. */
  async page(filter: 'all' | 'unread', page: number): Promise<any> {
    const state = this.next('messages:state');
    this.emit('get:messages', { filter, page });
    return state;
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Connect like Fyno's client and wait for `connectionSuccess` (as it does before any emit). */
export async function connect(emu: RunningEmulator, options: FynoClientOptions): Promise<FynoClient> {
  const client = new FynoClient(emu, options);
  await client.next('connectionSuccess', { seen: true });
  return client;
}

/** Fire `known` with `to` / `distinct_id` and data through the REST API. */
export async function fire(
  emu: RunningEmulator,
  body: { to?: Record<string, string>; distinct_id?: string; data?: Record<string, unknown> },
  version: 'live' | 'test' = 'live',
): Promise<void> {
  const answer = await call(emu, 'POST', `/${version}/event`, { body: { event: 'known', ...body } });
  if (answer.status !== 202) throw new Error(`fire answered ${answer.status}: ${answer.text}`);
}

/** Wait until nothing more arrives for `quietMs`: for asserting that something did NOT happen. */
export function settle(quietMs = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, quietMs));
}
