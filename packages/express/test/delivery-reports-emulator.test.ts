/**
 * End to end: `fyno.fire()` with a callback → the emulator → signed lifecycle reports → the Express
 * receiver → `onReport`, all over real sockets. The receiver also runs after `express.json()`.
 */
import { Fyno } from '@fyno-kit/core';
import type { DeliveryReport } from '@fyno-kit/core/webhooks';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { deliveryReports, keepRawBody } from '../src/index';
import { listen } from './helpers';

const SECRET = 'whsec_e2e_not_a_secret';
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function setup(onReport: (r: DeliveryReport) => void | Promise<void>, options: { jsonFirst?: boolean; emulatorSecret?: string } = {}) {
  const app = express();
  if (options.jsonFirst) app.use(express.json({ verify: keepRawBody }));
  app.use('/fyno/reports', deliveryReports({ secret: SECRET, onReport }));
  const server = await listen(app);
  closers.push(server.close);
  const emu: RunningEmulator = await startEmulator({
    port: 0,
    webhooks: [{ name: 'app', url: `${server.origin}/fyno/reports` }],
    webhookSecret: options.emulatorSecret ?? SECRET,
    webhookStepMs: 5,
    webhookRetry: { baseDelayMs: 20 },
  });
  closers.push(() => emu.stop());
  const fyno = new Fyno({ baseUrl: emu.baseUrl, workspaceId: emu.workspaceId, apiKey: emu.apiKey, maxRetries: 0 });
  closers.push(() => fyno.close());
  return { emu, fyno };
}

describe('emulator → deliveryReports() end to end', () => {
  it.each([false, true])('reports arrive verified, in lifecycle order per channel, with the custom fields (express.json() first: %s)', async (jsonFirst) => {
    const reports: DeliveryReport[] = [];
    const { emu, fyno } = await setup((r) => void reports.push(r), { jsonFirst });
    const sent = await fyno.fire('order_shipped', {
      distinct_id: 'u_ana',
      to: { email: 'ana@example.com', sms: '+15550001001' },
      callback: { custom_id: 'order-A1', custom1: 'u_ana' },
    });
    await emu.reportsSettled();
    expect(emu.webhooks()).toMatchObject([{ verified: true }]);
    const of = (channel: string) => reports.filter((r) => r.channel === channel);
    expect(of('email').map((r) => r.status)).toEqual(['PROCESSED', 'DELIVERED', 'READ']);
    expect(of('sms').map((r) => r.status)).toEqual(['PROCESSED', 'DELIVERED']);
    expect(of('email')[1]).toMatchObject({
      key: `${sent.response.email!.msg_id}#DELIVERED`,
      msg_id: sent.response.email!.msg_id,
      request_id: sent.request_id,
      custom_id: 'order-A1',
      custom1: 'u_ana',
      distinct_id: 'u_ana',
    });
    expect(emu.reports().every((r) => r.state === 'delivered')).toBe(true);
  });

  it('a receiver with the wrong secret answers 401 to every attempt and onReport never runs', async () => {
    const reports: DeliveryReport[] = [];
    const { emu, fyno } = await setup((r) => void reports.push(r), { emulatorSecret: 'someone-else' });
    await fyno.fire('order_shipped', { to: { sms: '+15550001001' }, callback: { custom_id: 'x' } });
    await emu.reportsSettled();
    expect(reports).toEqual([]);
    expect(emu.reports()[0]!.attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
  });

  it('a receiver answering 500 twice gets the report a third time, and the app sees each key once when it dedupes', async () => {
    let failuresLeft = 2;
    const seen = new Set<string>();
    const handled: string[] = [];
    const { emu, fyno } = await setup(async (report) => {
      if (seen.has(report.key)) return; // as the README shows: dedupe on report.key
      if (failuresLeft-- > 0) throw new Error('database busy'); // → 500: Fyno (here the emulator) sends it again
      seen.add(report.key);
      handled.push(report.key);
    });
    const sent = await fyno.fire('order_shipped', { to: { sms: '+15550001001' }, callback: { custom_id: 'retry' } });
    await emu.reportsSettled();
    const msgId = sent.response.sms!.msg_id;
    expect(emu.reports()[0]!.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(handled).toEqual([`${msgId}#PROCESSED`, `${msgId}#DELIVERED`]);
    // A replay of a delivered report (Fyno signs no timestamp) is answered 200 and changes nothing.
    const first = emu.reports()[0]!;
    const replay = await fetch(first.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-fyno-hmac-signature': first.signature! },
      body: first.raw,
    });
    expect(replay.status).toBe(200);
    expect(handled).toHaveLength(2);
  });
});
