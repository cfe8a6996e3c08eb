import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'; // Jest's globals have the same types here
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { Fyno } from '@fyno-kit/core';

let emu: RunningEmulator;
let fyno: Fyno;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, events: ['order_shipped'], quiet: true });
  emu.addProfile('live', 'u_123', { channel: { email: 'ana@example.com' } });
  fyno = new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, initialRetryDelayMs: 1 });
});

afterAll(async () => {
  await fyno.close();
  await emu.stop();
});

beforeEach(() => emu.clear());

it('notifies the buyer', async () => {
  await fyno.fire('order_shipped', { distinct_id: 'u_123', data: { order: 'A-1001' } });
  expect(emu.messages({ distinct_id: 'u_123' })).toHaveLength(1);
});
