/**
 * The demo closes the loop: a fired event's delivery reports come back from the built-in emulator to
 * the demo's own Express receiver, and /api/inbox shows each channel's stage moving forward.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../src/server/app';

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo({ port: 0, clientDir: fileURLToPath(new URL('../dist/client', import.meta.url)) });
});
afterAll(() => demo?.close());

async function signIn(userId: string): Promise<string> {
  const res = await fetch(`${demo.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
const fire = (cookie: string, body: unknown) =>
  fetch(`${demo.url}/api/fyno/notify`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
async function stages(cookie: string): Promise<Array<Record<string, string> | undefined>> {
  const inbox = (await (await fetch(`${demo.url}/api/inbox`, { headers: { cookie } })).json()) as { messages: Array<{ delivery?: Record<string, string> }> };
  return inbox.messages.map((m) => m.delivery);
}

describe('demo delivery reports', () => {
  it('the emulator verified the demo receiver, and a message goes sent → delivered → read per channel', async () => {
    expect(demo.emulator!.webhooks()).toMatchObject([{ name: 'demo', verified: true }]);
    const cookie = await signIn('u_chloe');
    expect((await fire(cookie, { event: 'order_shipped', data: { order: 'R-1' } })).status).toBe(202);
    expect((await stages(cookie))[0]).toEqual({ email: 'sent', sms: 'sent' });
    await expect.poll(async () => (await stages(cookie))[0], { timeout: 20_000, interval: 200 }).toEqual({ email: 'read', sms: 'delivered' });
    const sent = demo.emulator!.messages({ distinct_id: 'u_chloe' })[0]!;
    expect(sent.callback).toMatchObject({ custom_id: expect.stringMatching(/^order_shipped:/), custom1: 'u_chloe' });
  }, 40_000);

  it('shows failed for destinations the emulator fails by convention', async () => {
    const cookie = await signIn('u_fay');
    expect((await fire(cookie, { event: 'password_reset' })).status).toBe(202);
    await expect.poll(async () => (await stages(cookie))[0], { timeout: 20_000, interval: 200 }).toEqual({ email: 'failed' });
  }, 40_000);

  it('its receiver answers the fyno_token call and refuses unsigned reports', async () => {
    const token = await fetch(`${demo.url}/api/fyno/reports?fyno_token=abc123`);
    expect(await token.text()).toBe('abc123');
    const forged = await fetch(`${demo.url}/api/fyno/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msg_id: 'x:0001', status: 'READ' }),
    });
    expect(forged.status).toBe(401);
  });
});
