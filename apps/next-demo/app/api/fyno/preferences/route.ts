/** What `usePreferences()` calls: core's web-standard preferences handler with the demo's policy. */
import { createPreferencesHandler, type PreferencesRouteClient } from '@fyno-kit/core/server';
import { preferencesPolicy } from '@fyno-kit/demo-shared/server';
import { backend } from '../../../../server/backend';

// The handler is made once, at import; the client (Fyno or the embedded emulator) on first use.
const client: PreferencesRouteClient = {
  preferences: {
    get: async (...args) => (await backend()).client.preferences.get(...args),
    update: async (...args) => (await backend()).client.preferences.update(...args),
  },
  profiles: { create: async (...args) => (await backend()).client.profiles.create(...args) },
};

const handler = createPreferencesHandler({ ...preferencesPolicy, identify: (request: Request) => preferencesPolicy.identify(request), client });
export { handler as GET, handler as POST };
