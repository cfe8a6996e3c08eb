/** @fyno-kit/core for Node: the client on an undici keep-alive pool. */
import { FynoClient } from './client';
import type { FynoOptions } from './config';
import { loggerOf } from './default-logger';
import { createObserve, telemetryFor } from './observe';
import { CallTracker } from './request';
import { loadOpenTelemetry } from './otel-load';
import { TELEMETRY, type Telemetry } from './telemetry';
import type { EventMap, RegisteredEvents } from './types';
import { fetchTransport } from './transport/fetch';
import { nonNodeRuntime } from './runtime';
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
export class Fyno<TEvents extends EventMap = RegisteredEvents> extends FynoClient<TEvents> {
  constructor(options?: FynoOptions) {
    // null: the app said `openTelemetry: false`, which adapters tracing for this client follow too.
    let telemetry: Telemetry | null | undefined;
    // This build on Bun or Deno (a bundle made for Node, or a resolver without their export
    // condition): their `undici` is not Node's, so the pool is not used there; `fetch` is.
    const elsewhere = nonNodeRuntime();
    const transport = elsewhere ? () => fetchTransport() : (o: FynoOptions) => undiciTransport({ connections: o.connections });
    super(options, transport, elsewhere ?? `node/${process.version}`, (o, config, version) => {
      telemetry = o.openTelemetry === false ? null : telemetryFor(o, version, loadOpenTelemetry);
      return new CallTracker(createObserve(loggerOf(o.logger, process.env.NODE_ENV), telemetry ?? undefined), config.prefix);
    });
    // Not enumerable: `console.log(fyno)` stays short, and the route finds it with `telemetryOf`, an
    // adapter its choice with `openTelemetryChoiceOf`.
    if (telemetry !== undefined) Object.defineProperty(this, TELEMETRY, { value: telemetry });
  }
}
