// app/api/fyno/inapp-session/route.ts (Next.js)
import { createInappSessionHandler } from '@fyno-kit/core/server';

export const POST = createInappSessionHandler({
  identify: async (request) => request.headers.get('x-user-id'), // your auth: the signed-in distinct_id
  integrationId: process.env.FYNO_INAPP_INTEGRATION_ID,
  integrationToken: process.env.FYNO_INAPP_TOKEN, // never leaves the server
});
