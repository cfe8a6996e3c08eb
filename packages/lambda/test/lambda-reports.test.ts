/**
 * The delivery-report receiver behind a Function URL: the emulator sends its signed lifecycle reports
 * (and the GET verification first) through a local front that makes payload-2.0 events; a forged
 * report gets 401 and never reaches onReport.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fyno } from '@fyno-kit/core';
import type { DeliveryReport } from '@fyno-kit/core/webhooks';
import { startEmulator } from '@fyno-kit/emulator';
import { expect, it } from 'vitest';
import { deliveryReportsHandler } from '../src/index';
import { readAll, toEvent } from './function-url-front';

const secret = 'whsec_lambda_test_not_a_secret';

it('receives signed reports through the handler (GET verification, base64 bodies), refuses a forged one', async () => {
  const received: DeliveryReport[] = [];
  const handler = deliveryReportsHandler({ secret, onReport: (report) => void received.push(report), onRefused: () => {} });
  const server = createServer(async (req, res) => {
    // Every body in base64, as a Function URL may send it: the signature is over the decoded bytes.
    const result = await handler(toEvent(req, await readAll(req), true));
    res.writeHead(result.statusCode, result.headers).end(result.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fyno/reports`;
  const emu = await startEmulator({ port: 0, events: ['order_shipped'], webhooks: [{ name: 'app', url }], webhookSecret: secret, webhookStepMs: 20 });
  const fyno = new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, maxRetries: 0 });
  try {
    await fyno.fire('order_shipped', { distinct_id: 'u_l', to: { email: 'ana@example.com' }, callback: { custom_id: 'order-L1' } });
    await emu.reportsSettled();
    expect(emu.reports().map((r) => [r.status, r.attempts.length, r.attempts.at(-1)?.status])).toEqual([
      ['Processed', 1, 200],
      ['DELIVERED', 1, 200],
      ['READ', 1, 200],
    ]);
    expect(received.map((r) => `${r.custom_id} ${r.status}`)).toEqual(['order-L1 PROCESSED', 'order-L1 DELIVERED', 'order-L1 READ']);
    const forged = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-fyno-hmac-signature': 'f'.repeat(64) },
      body: '{"msg_id":"x","status":"DELIVERED"}',
    });
    expect(forged.status).toBe(401);
    expect(received).toHaveLength(3);
  } finally {
    await fyno.close();
    await emu.stop();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
});
