/**
 * Bounds the time Fastify's content-type parser may spend reading the route's body. Fastify's
 * `requestTimeout` is 0 by default, so without this a body sent one byte at a time holds the route
 * for as long as the sender likes. Past `bodyTimeoutMs`, the read fails with core's body-timeout
 * error, which the route answers with its 408 when the socket can still take an answer; a socket that
 * cannot (its sender reads nothing back) is closed.
 */
import { Transform } from 'node:stream';
import { bodyTimeoutError } from '@fyno-kit/core/adapter';
import type { preParsingHookHandler } from 'fastify';

/** A route `preParsing` hook passing the body through unchanged, within `bodyTimeoutMs`. */
export function boundBodyRead(bodyTimeoutMs: number): preParsingHookHandler {
  return (request, _reply, payload, done) => {
    const bounded: Transform & { receivedEncodedLength?: number } = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        // Fastify checks the encoded length against bodyLimit too: keep what the payload counted.
        bounded.receivedEncodedLength = payload.receivedEncodedLength;
        callback(null, chunk);
      },
    });
    const timer = setTimeout(() => {
      const socket = request.raw.socket;
      if (!socket || socket.destroyed || !socket.writable || socket.writableNeedDrain) {
        socket?.destroy();
        return;
      }
      payload.unpipe(bounded);
      payload.pause();
      bounded.destroy(bodyTimeoutError(bodyTimeoutMs));
    }, bodyTimeoutMs);
    const onError = (error: Error): void => void bounded.destroy(error);
    // Nothing of ours stays on the request once its body is read or given up on.
    const stop = (): void => {
      clearTimeout(timer);
      payload.removeListener('end', stop);
      payload.removeListener('error', onError);
    };
    payload.once('end', stop);
    bounded.once('close', stop);
    payload.on('error', onError);
    payload.pipe(bounded);
    done(null, bounded);
  };
}
