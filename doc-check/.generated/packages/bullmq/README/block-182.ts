import { createFynoQueue } from '@fyno-kit/bullmq';
const queue = createFynoQueue({ connection: 'redis://127.0.0.1:6379' });
for (const f of await queue.failed()) console.log(f.jobId, f.event, f.error.status, f.error.message);
await queue.retryFailed('all'); // e.g. after fixing the template or the API key
