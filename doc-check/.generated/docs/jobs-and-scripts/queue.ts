import { Fyno, drainOnSignals } from '@fyno-kit/core';

const fyno = new Fyno();
const queue = fyno.queue({ flushAt: 100, flushIntervalMs: 200 });
drainOnSignals(fyno, { timeoutMs: 10_000 }); // on SIGTERM/SIGINT: send what waits, then exit

for (const id of ['u_123', 'u_456']) {
  queue.enqueue('order_shipped', { distinct_id: id, data: { order: 'A-1001' } });
}
const { sent, failed, abandoned } = await queue.close(5_000); // a script: drain now
console.log(`queue drained: ${sent} sent, ${failed} failed, ${abandoned} abandoned`);
await fyno.close();
