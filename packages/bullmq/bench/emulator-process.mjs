// The emulator in its own process for the BullMQ benchmark, so its CPU is measured apart from the
// producer's. Prints its address as JSON, then answers 'count' (messages held) and 'clear' over IPC.
import { startEmulator } from '@fyno-kit/emulator';

const emu = await startEmulator({ port: 0, events: '*', quiet: true, maxRequestLog: 10 });
process.on('message', (message) => {
  if (message === 'count') process.send({ count: emu.messages().length });
  else if (message === 'clear') {
    emu.clear();
    process.send({ cleared: true });
  }
});
process.send({ url: emu.url, baseUrl: emu.baseUrl, workspaceId: emu.workspaceId, apiKey: emu.apiKey });
