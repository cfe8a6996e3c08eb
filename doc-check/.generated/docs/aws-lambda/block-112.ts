import { notifyHandler } from '@fyno-kit/lambda';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { Redis } from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!); // ElastiCache, or RateLimiterDynamo with a DynamoDB table
export const handler = notifyHandler({
  identify: (_request, { event }) => event.requestContext.authorizer?.jwt?.claims?.sub?.toString() ?? null,
  events: { order_shipped: {} },
  rateLimit: new RateLimiterRedis({ storeClient: redis, keyPrefix: 'fyno-notify', points: 20, duration: 60 }),
});
