// The emulator in its own process, so the client under test has its own core. Prints its address.
import { startEmulator } from '@fyno-kit/emulator';

const emu = await startEmulator({ port: 0, events: '*', quiet: true, maxRequestLog: 1_000 });
process.stdout.write(JSON.stringify({ url: emu.url, baseUrl: emu.baseUrl, workspaceId: emu.workspaceId, apiKey: emu.apiKey }) + '\n');
process.on('SIGTERM', () => emu.stop().then(() => process.exit(0)));
