/** @fyno-kit/core for edge runtimes, Deno, Bun and browsers-with-a-proxy: the client on `fetch`. */
import { FynoClient } from './client';
import type { FynoOptions } from './config';
import { fetchTransport } from './transport/fetch';

export * from './exports';

/**
 * The Fyno client on the global `fetch`. With no options it reads `FYNO_WSID`, `FYNO_API_KEY`,
 * `FYNO_VERSION` and `FYNO_BASE_URL` where `process.env` exists.
 */
export class Fyno extends FynoClient {
  constructor(options?: FynoOptions) {
    super(options, () => fetchTransport(), 'web');
  }
}
