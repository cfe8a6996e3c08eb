/** @fyno-kit/core for Node: the client on an undici keep-alive pool. */
import { FynoClient } from './client';
import type { FynoOptions } from './config';
import type { EventMap } from './types';
import { undiciTransport } from './transport/undici';

export * from './exports';
export { drainOnSignals } from './shutdown';

/**
 * The Fyno client. With no options it reads `FYNO_WSID`, `FYNO_API_KEY`, `FYNO_VERSION` and
 * `FYNO_BASE_URL`. One instance per process: it holds a connection pool (`close()` releases it).
 *
 * @example
 * const fyno = new Fyno();
 * await fyno.fire('order_shipped', { distinct_id: 'u_123', data: { order: 'A-1001' } });
 */
export class Fyno<TEvents extends EventMap = EventMap> extends FynoClient<TEvents> {
  constructor(options?: FynoOptions) {
    super(options, (o) => undiciTransport({ connections: o.connections }), `node/${process.version}`);
  }
}
