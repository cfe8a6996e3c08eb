/** The built-in emulator, unless FYNO_WSID and FYNO_API_KEY point the app at Fyno itself. */
import { createEmulator, type Emulator } from '@fyno-kit/emulator';
import { DEMO_EVENTS } from '@fyno-kit/demo-shared/server';

export const usesFyno = Boolean(process.env.FYNO_WSID && process.env.FYNO_API_KEY);

export const emulator: Emulator | undefined = usesFyno ? undefined : createEmulator({ events: [...DEMO_EVENTS], quiet: true });
