import { startEmulator } from '@fyno-kit/emulator';
const emu = await startEmulator({ webhooks: [{ name: 'app', url: 'http://127.0.0.1:3000/fyno/reports' }] });
// or later, once the receiver's port is known: await emu.addWebhook({ name: 'app', url });
// fire { event, to: { email, sms }, callback: { custom_id: 'order-A1' } } with any client, then:
await emu.reportsSettled();
console.log(emu.reports().map((r) => `${r.channel} ${r.status} → ${r.attempts.at(-1)?.status}`));
