/** What `useNotify()` calls: core's web-standard notify handler with the demo's policy. */
import { createNotifyHandler } from '@fyno-kit/core/server';
import { policy } from '@fyno-kit/demo-shared/server';
import { backend } from '../../../../server/backend';

export const POST = createNotifyHandler({
  ...policy,
  // The handler is made once, at import; the client (Fyno or the embedded emulator) on first use.
  client: { fire: async (...args) => (await backend()).client.fire(...args) },
});
