import { Fyno } from '@fyno-kit/core';
const fyno = new Fyno();
declare function save(payloads: unknown[]): Promise<void>;
const queue = fyno.queue({ flushAt: 100, flushIntervalMs: 200, maxQueueSize: 10_000, onError: (err, batch) => save(batch.payloads) });
queue.enqueue('order_shipped', { distinct_id: 'u_123', data: { order: 'A-1' } }); // returns at once
queue.enqueue('order_shipped', { distinct_id: 'u_123', data: { order: 'A-2' } }, { idempotencyKey: 'order-A-2-shipped' }); // never sent twice
await queue.close(5_000); // on exit: sends what waits, reports what could not be sent
