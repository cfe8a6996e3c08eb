import { Fyno } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator'; // a local Fyno: no account needed

const emu = await startEmulator({ port: 0 });
const fyno = new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl });

const res = await fyno.fire('order_shipped', { to: { email: 'ana@example.com' }, data: { order: 'A-1001' } });
console.log(res.request_id, res.response.email?.status); // "…", "ok"

await fyno.close();
await emu.stop();
