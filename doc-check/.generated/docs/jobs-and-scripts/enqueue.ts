import { createFynoQueue } from '@fyno-kit/bullmq';

const queue = createFynoQueue({ connection: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
for (let i = 0; i < 2; i++) {
  const jobId = await queue.enqueue('order_shipped', { distinct_id: 'u_123', data: { order: 'A-1002' } }, { idempotencyKey: 'A-1002-shipped' });
  console.log(`queued job ${jobId}`);
}
await queue.close();
