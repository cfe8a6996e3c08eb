import { createNotifyHandler, type RateLimiterLike } from '@fyno-kit/core/server';

interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** Workers' Rate Limiting binding as the route's shared store: a refusal carries when to retry. */
function workersRateLimit(binding: RateLimitBinding, periodMs = 60_000): RateLimiterLike {
  return {
    async consume(key) {
      if (!(await binding.limit({ key })).success) throw { msBeforeNext: periodMs };
    },
  };
}

export function notifyFor(env: { NOTIFY_LIMIT: RateLimitBinding }) {
  return createNotifyHandler({
    identify: (request) => request.headers.get('x-user-id'), // your auth here
    events: { order_shipped: {} },
    rateLimit: workersRateLimit(env.NOTIFY_LIMIT),
  });
}
