/**
 * The module's send-later queue, injected with `@InjectFynoQueue()`: the client's in-process queue by
 * default, or a durable one (e.g. `@fyno-kit/bullmq`'s `createFynoQueue`) given as `queue`. App code
 * enqueues the same way with either, so moving to Redis is a configuration change.
 */
import { Inject } from '@nestjs/common';
import type { Fyno, FynoEnqueuer, QueueOptions } from '@fyno-kit/core';
import { FYNO_QUEUE } from './tokens';
import type { FynoModuleOptions } from './fyno-options';

/** Core's one send-later queue contract, kept by `fyno.queue()` and `@fyno-kit/bullmq` alike; `close` is called on `app.close()`. */
export type { FynoEnqueuer };

function isEnqueuer(value: unknown): value is FynoEnqueuer {
  return typeof value === 'object' && value !== null && typeof (value as { enqueue?: unknown }).enqueue === 'function';
}

/** Builds the queue provider's value: the durable queue as given, or an in-process queue on the client. */
export function createFynoQueue(options: FynoModuleOptions, fyno: Fyno): FynoEnqueuer {
  const queue = options?.queue;
  if (isEnqueuer(queue)) return queue;
  // The client drains its own queues in close(), which the module calls on shutdown.
  return fyno.queue((queue ?? {}) as QueueOptions);
}

/** Whether the module was given a queue it must close itself (the in-process one closes with the client). */
export function externalQueue(options: FynoModuleOptions): FynoEnqueuer | undefined {
  return isEnqueuer(options?.queue) ? options.queue : undefined;
}

/**
 * Injects the module's send-later queue (`FynoEnqueuer`).
 *
 * @example
 * constructor(@InjectFynoQueue() private readonly queue: FynoEnqueuer) {}
 * shipped(o: Order) { return this.queue.enqueue('order_shipped', { distinct_id: o.userId }, { idempotencyKey: `ship-${o.id}` }); }
 */
export function InjectFynoQueue(): PropertyDecorator & ParameterDecorator {
  return Inject(FYNO_QUEUE);
}
