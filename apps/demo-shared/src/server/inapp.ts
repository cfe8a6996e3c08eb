/**
 * The demos' in-app inbox settings, for each server's session route: the built-in emulator's
 * integration (its id and token are local, non-secret values), or Fyno's from the environment.
 */
import type { Emulator } from '@fyno-kit/emulator';

/** What a demo passes to its in-app session route (`inappSession()`, the web handler, Nest's controller). */
export interface DemoInapp {
  integrationId?: string;
  integrationToken?: string;
  url?: string;
}

/**
 * The session route's settings, or undefined when the demo has no in-app inbox (Fyno mode without
 * FYNO_INAPP_INTEGRATION_ID and FYNO_INAPP_TOKEN): then no route is mounted and the page shows no bell.
 * `emulatorOrigin` is where the emulator's in-app socket listens (the browser connects there).
 */
export function demoInapp(emulator: Emulator | undefined, emulatorOrigin: string | undefined): DemoInapp | undefined {
  if (emulator && emulatorOrigin) {
    const { integrationId, integrationToken } = emulator.inappIntegration;
    return { integrationId, integrationToken, url: emulatorOrigin };
  }
  // Fyno itself: the route reads FYNO_INAPP_INTEGRATION_ID, FYNO_INAPP_TOKEN and FYNO_INAPP_URL.
  if (process.env.FYNO_INAPP_INTEGRATION_ID && process.env.FYNO_INAPP_TOKEN) return {};
  return undefined;
}
