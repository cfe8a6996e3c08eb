/** Builds the module's one `Fyno` client from the module options, with its calls tracked for shutdown. */
import { Fyno } from '@fyno-kit/core';
import { InFlight, trackCalls } from './in-flight';
import type { FynoModuleOptions } from './fyno.options';

const inFlightByClient = new WeakMap<Fyno, InFlight>();

/** Creates the client: module-only options are left out of what the core client sees. */
export function createFynoClient(options: FynoModuleOptions): Fyno {
  const { notifyRoute: _notifyRoute, shutdownTimeoutMs: _shutdownTimeoutMs, queue: _queue, ...clientOptions } = options ?? {};
  const client = new Fyno(clientOptions);
  const inFlight = new InFlight();
  // `close` is what shutdown calls after waiting; tracking it would make the wait include itself.
  trackCalls(client, inFlight, ['close']);
  trackCalls(client.profiles, inFlight);
  inFlightByClient.set(client, inFlight);
  return client;
}

/** The tracker of a client made by `createFynoClient` (undefined for one made elsewhere, e.g. an override in tests). */
export function inFlightOf(client: Fyno): InFlight | undefined {
  return inFlightByClient.get(client);
}
