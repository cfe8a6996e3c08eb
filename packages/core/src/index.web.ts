/** @fyno-kit/core for edge runtimes, Deno, Bun and browsers-with-a-proxy: the client on `fetch`. */
import { FynoClient } from './client';
import type { FynoOptions } from './config';
import type { EventMap, RegisteredEvents } from './types';
import { fetchTransport } from './transport/fetch';

export * from './exports';
import type { DrainOnSignalsOptions } from './shutdown';

/**
 * Edge runtimes and browsers have no process signals to drain on: this build's `drainOnSignals` does
 * nothing and returns a no-op remover, so code shared with Node needs no branch.
 */
export function drainOnSignals(_fyno: unknown, _options?: DrainOnSignalsOptions): () => void {
  return () => undefined;
}

/**
 * The Fyno client on the global `fetch`. With no options it reads `FYNO_WSID`, `FYNO_API_KEY`,
 * `FYNO_VERSION` and `FYNO_BASE_URL` where `process.env` exists.
 */
export class Fyno<TEvents extends EventMap = RegisteredEvents> extends FynoClient<TEvents> {
  constructor(options?: FynoOptions) {
    super(options, () => fetchTransport(), 'web');
  }
}
