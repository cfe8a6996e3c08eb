/**
 * The delivery-report receiver on a host in another process: the emulator sends its signed
 * lifecycle reports to `<origin>/reports` (suite-app.js mounts `createDeliveryReportHandler` there),
 * and a forged one is refused.
 */
import { expect, it } from 'vitest';
import type { RunningEmulator } from '@fyno-kit/emulator';
import type { RemoteHost } from './remote';

/** The suite's report secret (suite-app.js's `REPORT_SECRET`). */
export const REPORT_SECRET = 'whsec_suite_reports_not_a_secret';

/** The emulator controls the check uses (`startEmulator()`'s result). */
type ReportEmulator = Pick<RunningEmulator, 'baseUrl' | 'workspaceId' | 'apiKey' | 'reportsSettled' | 'reports' | 'stop'>;

export function runReportCheck(
  name: string,
  options: {
    host: () => RemoteHost;
    /**
     * Where the host mounted the receiver, and where it lists what it received (`[{ status, channel,
     * custom_id }]`); default suite-app.js's `/reports` and `/__suite/reports`.
     */
    paths?: { receiver: string; received: string };
    startEmulator(options: {
      port: 0;
      events: string[];
      webhooks: Array<{ name: string; url: string }>;
      webhookSecret: string;
      webhookStepMs: number;
    }): Promise<ReportEmulator>;
    createClient(options: { baseUrl: string; workspaceId: string; apiKey: string }): {
      fire(event: string, payload: object): Promise<unknown>;
      close?(): Promise<void>;
    };
  },
): void {
  it(`${name}: receives Fyno's signed delivery reports, each verified once, and refuses a forged one`, async () => {
    const { origin } = options.host();
    const { receiver, received: receivedPath } = options.paths ?? { receiver: '/reports', received: '/__suite/reports' };
    const emu = await options.startEmulator({
      port: 0,
      events: ['order_shipped'],
      webhooks: [{ name: 'app', url: `${origin}${receiver}` }],
      webhookSecret: REPORT_SECRET,
      webhookStepMs: 20,
    });
    const client = options.createClient({ baseUrl: emu.baseUrl, workspaceId: emu.workspaceId, apiKey: emu.apiKey });
    try {
      await client.fire('order_shipped', { distinct_id: 'u_reports', to: { email: 'ana@example.com' }, callback: { custom_id: 'order-R1' } });
      await emu.reportsSettled();
      // Every report answered 2xx on its first attempt: verified, nothing re-sent.
      expect(emu.reports().map((r) => [r.status, r.attempts.length, r.attempts.at(-1)?.status])).toEqual([
        ['Processed', 1, 200],
        ['DELIVERED', 1, 200],
        ['READ', 1, 200],
      ]);
      const received = (await (await fetch(`${origin}${receivedPath}`)).json()) as Array<{ status: string; channel: string; custom_id?: string }>;
      expect(received.filter((r) => r.custom_id === 'order-R1').map((r) => `${r.channel} ${r.status}`)).toEqual([
        'email PROCESSED',
        'email DELIVERED',
        'email READ',
      ]);
      const forged = await fetch(`${origin}${receiver}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-fyno-hmac-signature': 'f'.repeat(64) },
        body: JSON.stringify({ msg_id: 'forged', status: 'DELIVERED', channel: 'email', custom_id: 'order-R1' }),
      });
      expect(forged.status).toBe(401);
      const after = (await (await fetch(`${origin}${receivedPath}`)).json()) as unknown[];
      expect(after).toHaveLength(received.length);
    } finally {
      await client.close?.();
      await emu.stop();
    }
  });
}
