import { notifyHandler } from '@fyno-kit/lambda';

// Created once per instance. No client given: one `new Fyno()` from the FYNO_* variables.
export const handler = notifyHandler({
  // The HTTP API's JWT authorizer verified the token; its subject is the user.
  identify: (_request, { event }) => event.requestContext.authorizer?.jwt?.claims?.sub?.toString() ?? null,
  events: { order_shipped: {} },
});
