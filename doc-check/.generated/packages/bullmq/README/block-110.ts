import { createFynoQueue } from '@fyno-kit/bullmq';
const queue = createFynoQueue({ connection: 'redis://127.0.0.1:6379' });
declare const subscribers: Array<{ id: string; topStories: string[] }>;
const jobIds = await queue.enqueueBatch(
  'weekly_digest',
  subscribers.map((s) => ({ distinct_id: s.id, data: { stories: s.topStories } })),
  { idempotencyKey: 'digest-2026-W49' }, // the same call twice is the same jobs
);
