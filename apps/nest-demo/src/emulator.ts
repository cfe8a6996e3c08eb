/** The built-in emulator, unless FYNO_WSID and FYNO_API_KEY point the app at Fyno itself. */
import { createEmulator, type Emulator } from '@fyno-kit/emulator';
import { DEMO_EVENTS, demoInapp } from '@fyno-kit/demo-shared/server';

export const usesFyno = Boolean(process.env.FYNO_WSID && process.env.FYNO_API_KEY);

export const emulator: Emulator | undefined = usesFyno ? undefined : createEmulator({ events: [...DEMO_EVENTS], quiet: true });

/**
 * The in-app session route's settings: the emulator's in-app socket is attached to this app's own
 * server (main.ts), so the browser connects to the page's origin; undefined: no in-app inbox.
 */
export const inapp = demoInapp(emulator, `http://127.0.0.1:${process.env.PORT ?? 3000}`);
