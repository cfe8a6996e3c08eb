import { notifyHandler } from '@fyno-kit/lambda';

// Created once per instance: its rate limiter and client live as long as the instance.
export const handler = notifyHandler({
  identify: (_request, { event }) => event.requestContext.authorizer?.jwt?.claims?.sub?.toString() ?? null,
  events: { order_shipped: {}, password_reset: {} },
});
