/**
 * Answers 413 the way nginx's lingering close does: the answer goes out at once, then the rest of
 * the upload is read and thrown away before the connection closes. Closing while the client is
 * still sending makes its kernel see a reset, so a busy client would get EPIPE or ECONNRESET
 * instead of the 413. The discard is bounded in bytes and time, so a client cannot hold it open.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './respond.js';

/** Most bytes read and discarded after a 413 before the connection is cut. */
export const LINGER_MAX_BYTES = 64 * 1024 * 1024;
/** Longest a 413'd upload is read for before the connection is cut (nginx: `lingering_time 30s`). */
export const LINGER_MAX_MS = 10_000;

/**
 * Writes `reply` (a 413) with `Connection: close`, then reads the rest of `req` and ends the
 * response when the upload is complete, or cuts the connection at `LINGER_MAX_BYTES` or
 * `LINGER_MAX_MS`. `req` may be paused part-way (readBody stops buffering at the cap).
 */
export function answerThenLinger(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(reply.body),
    connection: 'close',
  });
  // The whole answer now (its Content-Length is met), but not `end()`: Node closes a
  // `Connection: close` socket as soon as the response finishes, mid-upload.
  res.write(reply.body);
  const socket = req.socket;
  let discarded = 0;
  const finish = (): void => {
    clearTimeout(timer);
    req.removeListener('data', onData);
    res.end();
  };
  const cut = (): void => {
    finish();
    socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    discarded += chunk.length;
    if (discarded > LINGER_MAX_BYTES) cut();
  };
  const timer = setTimeout(cut, LINGER_MAX_MS);
  timer.unref();
  if (req.complete) return finish();
  req.on('data', onData);
  req.once('end', finish);
  req.once('error', cut);
  socket.once('close', () => clearTimeout(timer));
  req.resume();
}
