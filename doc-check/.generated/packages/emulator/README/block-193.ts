import { startEmulator } from '@fyno-kit/emulator';

const emu = await startEmulator();
emu.inapp.url; // http://127.0.0.1:<port>: where the browser connects
emu.inapp.integrationId; // IEMULATORINAPP (or inapp: { integrationId })
emu.inapp.integrationToken; // a local, non-secret token that keys the signature
emu.inapp.messages('u_123'); // what the user's inbox holds, deleted ones included
emu.inapp.disconnect('u_123'); // cut the user's sockets from the server side
await emu.stop();
