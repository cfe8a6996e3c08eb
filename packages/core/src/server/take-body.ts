/**
 * The one body reader of every route: turns where the host left the body into the body itself, or
 * the reason there is none. Streams are read with the route's cap and timeout; a body a parser
 * refused is classified once, here, for every route.
 */
import type { BodySource } from './exchange';
import { classifyParserError } from './parser-error';
import { readNodeBody, readWebBody, type ReadOutcome } from './read-body';

/** The body as a route receives it. */
export type ExchangeBody =
  /** Raw bytes or text (`undefined` when there were none), at most `maxBodyBytes + 1` of them. */
  | { kind: 'raw'; bytes: Uint8Array | string | undefined }
  /** A body the host's JSON parser already parsed (routes that need the exact bytes refuse it). */
  | { kind: 'parsed'; value: unknown };

/** Why there is no body to hand to the route; each route answers these in its own shape. */
export type BodyRefusal = 'payload_too_large' | 'request_timeout' | 'unsupported_media_type' | 'invalid_json';

/** What taking the body came to. `complete: false`: bytes past the cap are still on the socket. */
export type Taken =
  | { kind: 'body'; body: ExchangeBody; complete: boolean }
  | { kind: 'refused'; code: BodyRefusal }
  /** An error that is nobody's fault but the server's (a parser error of no known kind, a body read before us). */
  | { kind: 'failed'; error: unknown; closeConnection: boolean }
  /** The sender went away mid-body: nothing to answer, nothing to report. */
  | { kind: 'gone' };

/** The limits of one route's body read. */
export interface BodyLimits {
  maxBodyBytes: number;
  bodyTimeoutMs: number;
}

function fromOutcome(outcome: ReadOutcome): Taken {
  if (outcome.kind === 'gone') return { kind: 'gone' };
  if (outcome.kind === 'timeout') return { kind: 'refused', code: 'request_timeout' };
  return { kind: 'body', body: { kind: 'raw', bytes: outcome.bytes }, complete: outcome.complete };
}

/**
 * Takes the body from its source: at once for a body the host already has, through a promise when a
 * stream must be read. The loop awaits either: skipping that `await` for a body in hand (an
 * `isThenable` check here and at four more places) saved nothing measurable, within ±1 µs of an
 * A/A control on a 21 µs route (`node tooling/bench/route-micro.mjs`, paired runs), so it went.
 */
export function takeBody(source: BodySource, limits: BodyLimits): Taken | Promise<Taken> {
  switch (source.kind) {
    case 'parsed':
      return { kind: 'body', body: { kind: 'parsed', value: source.value }, complete: true };
    case 'bytes':
      return { kind: 'body', body: { kind: 'raw', bytes: source.bytes }, complete: true };
    case 'parser_error': {
      const refused = classifyParserError(source.error);
      if (refused.kind === 'gone') return { kind: 'gone' };
      if (refused.kind === 'text') return { kind: 'body', body: { kind: 'raw', bytes: refused.text }, complete: true };
      if (refused.code === 'internal_error') return { kind: 'failed', error: source.error, closeConnection: true };
      return { kind: 'refused', code: refused.code };
    }
    case 'web':
      if (source.used === true) {
        // Something before us consumed the body: a wiring mistake on the server, not the caller's fault.
        return { kind: 'failed', error: new TypeError('The request body was already read'), closeConnection: false };
      }
      return readWebBody(source.stream, limits.maxBodyBytes, limits.bodyTimeoutMs).then(fromOutcome);
    case 'node':
      return readNodeBody(source.stream, limits.maxBodyBytes, limits.bodyTimeoutMs).then(fromOutcome);
  }
}
