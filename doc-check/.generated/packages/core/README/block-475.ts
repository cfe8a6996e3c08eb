import { defineNotifyPolicy } from '@fyno-kit/core/server';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';

// No offline queue: while Redis is down a call fails at once (→ 503) instead of waiting for it.
const redis = new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false });

export const policy = defineNotifyPolicy({
  identify: (req: Request) => req.headers.get('x-user-id'),
  events: { order_shipped: {} },
  rateLimit: new RateLimiterRedis({ storeClient: redis, points: 20, duration: 60, keyPrefix: 'fyno-notify' }),
});
