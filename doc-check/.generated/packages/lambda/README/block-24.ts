import { inappSessionHandler } from '@fyno-kit/lambda';

export const session = inappSessionHandler({
  identify: (_request, { event }) => event.requestContext.authorizer?.jwt?.claims?.sub?.toString() ?? null,
});
