/**
 * The `/_emulator/stream` Server-Sent Events hub: one `message` event per accepted message, a
 * `rejected` event per refused API request, and a `clear` event when the store is emptied. Messages are serialized only when someone listens.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MessageStore, RequestLog } from './store.js';

const HEARTBEAT_MS = 15_000;

/** Fans store changes out to every connected SSE client. */
export class SseHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly unsubscribe: () => void;
  private heartbeat: NodeJS.Timeout | undefined;

  /**
   * @param store The message store whose changes are streamed.
   * @param requestLog When given, each refused request is streamed as a `rejected` event.
   */
  constructor(store: MessageStore, requestLog?: RequestLog) {
    const unsubscribeStore = store.subscribe((kind, record) => {
      if (this.clients.size === 0) return;
      const frame = kind === 'message' ? `event: message\ndata: ${JSON.stringify(record)}\n\n` : 'event: clear\ndata: {}\n\n';
      this.send(frame);
    });
    const unsubscribeLog = requestLog?.onRefused((entry) => {
      if (this.clients.size > 0) this.send(`event: rejected\ndata: ${JSON.stringify(entry)}\n\n`);
    });
    this.unsubscribe = () => {
      unsubscribeStore();
      unsubscribeLog?.();
    };
  }

  private send(frame: string): void {
    for (const client of this.clients) client.write(frame);
  }

  /** Turn a request into a stream subscriber until it disconnects. */
  open(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    this.clients.add(res);
    req.on('close', () => {
      this.clients.delete(res);
      if (this.clients.size === 0) this.stopHeartbeat();
    });
    if (!this.heartbeat) {
      // Comments keep proxies and idle timeouts from dropping a quiet stream.
      this.heartbeat = setInterval(() => {
        for (const client of this.clients) client.write(': ping\n\n');
      }, HEARTBEAT_MS);
      this.heartbeat.unref();
    }
  }

  /** End every stream and stop listening to the store. */
  close(): void {
    this.unsubscribe();
    this.stopHeartbeat();
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
