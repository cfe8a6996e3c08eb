// The emulator in its own process for the inbox bench, so its memory per connection is its own.
// Prints its addresses once, then answers `{mem: true}` messages with its heap and RSS after a GC.
import { startEmulator } from '@fyno-kit/emulator';

const emu = await startEmulator({ quiet: true });
process.send({
  baseUrl: emu.baseUrl,
  workspaceId: emu.workspaceId,
  apiKey: emu.apiKey,
  inapp: { url: emu.inapp.url, integrationId: emu.inapp.integrationId, integrationToken: emu.inapp.integrationToken },
});
process.on('message', async (msg) => {
  if (msg?.mem) {
    for (let i = 0; i < 3; i++) globalThis.gc?.();
    const m = process.memoryUsage();
    process.send({ heapUsed: m.heapUsed, rss: m.rss, connections: emu.inapp.connections() });
  }
  if (msg?.stop) {
    await emu.stop();
    process.exit(0);
  }
});
