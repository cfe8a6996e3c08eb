import { z } from 'zod';
import { createNotifyHandler, defineNotifyPolicy } from '@fyno-kit/core/server';

export const policy = defineNotifyPolicy<Request>()({
  identify: (req) => req.headers.get('x-user-id'), // req: Request
  events: {
    order_shipped: {
      data: z.object({ order: z.string() }),
      callback: ({ data, request }) => ({ custom_id: `order-${data.order}-${request.method}` }), // request: Request here too
    },
  },
});
export const POST = createNotifyHandler(policy);
