/**
 * The response helpers every route shares, and Fyno's `{_message, status}` envelope. Bodies are
 * serialized once so the idempotency store can replay the exact bytes.
 */
import type { ServerResponse } from 'node:http';

/** A route's answer before it is written: status plus the already-serialized JSON body. */
export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** Fyno's error envelope, `{"_message": msg, "status": "error"}`. */
export function errorReply(status: number, message: string): Reply {
  return { status, body: JSON.stringify({ _message: message, status: 'error' }) };
}

/** Fyno's success envelope, `{"_message": msg, "status": "ok"}`. */
export function okReply(status: number, message: string): Reply {
  return { status, body: JSON.stringify({ _message: message, status: 'ok' }) };
}

/** Any JSON value as a reply. */
export function jsonReply(status: number, value: unknown): Reply {
  return { status, body: JSON.stringify(value) };
}

/** Write a reply; `close` asks the client to drop the connection afterwards. */
export function writeReply(res: ServerResponse, reply: Reply, close = false): void {
  if (res.headersSent || res.destroyed) return;
  if (reply.status === 204) {
    res.writeHead(204, reply.headers);
    res.end();
    return;
  }
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(reply.body),
  };
  if (reply.headers) Object.assign(headers, reply.headers);
  if (close) headers.connection = 'close';
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

/** True for a non-null, non-array object: the only shape Fyno accepts for bodies and `to`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
