/** Builds the module's one `Fyno` client from the module options. */
import { Fyno } from '@fyno-kit/core';
import type { FynoModuleOptions } from './fyno.options';

/** Creates the client: module-only options are left out of what the core client sees. */
export function createFynoClient(options: FynoModuleOptions): Fyno {
  const { notifyRoute: _notifyRoute, shutdownTimeoutMs: _shutdownTimeoutMs, queue: _queue, ...clientOptions } = options ?? {};
  return new Fyno(clientOptions);
}
