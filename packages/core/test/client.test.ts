import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Fyno, FynoAuthenticationError, FynoBadRequestError, FynoError, FynoValidationError, VERSION } from '../src/index';
import { caught, setup } from './helpers';

let ctx: Awaited<ReturnType<typeof setup>> | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

describe('fire', () => {
  it('sends to /v1/{WSID}/{version}/event and returns the typed 202 body (C4)', async () => {
    ctx = await setup();
    const res = await ctx.fyno.fire('order_shipped', { to: { email: 'a@b.co', slack: 'a@b.co' }, data: { order: 'A-1' } });
    expect(res.event).toBe('order_shipped');
    expect(res.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof res.received_time).toBe('string');
    expect(Object.keys(res.response).sort()).toEqual(['email', 'slack']);
    expect(res.response.email).toMatchObject({ destination: 'a@b.co', status: 'ok' });
    const [msg] = ctx.emu.messages({ event: 'order_shipped' });
    expect(msg).toMatchObject({ data: { order: 'A-1' } });
    const [req] = ctx.emu.requests();
    expect(req).toMatchObject({ method: 'POST', path: `/v1/${ctx.emu.workspaceId}/live/event` });
  });

  it('keeps /v1 when the base URL ends with a slash (SDK-1)', async () => {
    ctx = await setup();
    const slashed = new Fyno({ workspaceId: ctx.emu.workspaceId, apiKey: ctx.emu.apiKey, baseUrl: `${ctx.emu.baseUrl}/` });
    await slashed.fire('order_shipped', { to: { email: 'a@b.co' } });
    await slashed.close();
    expect(ctx.emu.requests().map((r) => r.path)).toEqual([`/v1/${ctx.emu.workspaceId}/live/event`]);
  });

  it('merges profile channels with `to`, `to` winning (C8)', async () => {
    ctx = await setup();
    await ctx.fyno.profiles.create({ distinct_id: 'u1', name: 'Ana', channel: { email: 'old@x.io', sms: '+15550001111' } });
    const res = await ctx.fyno.fire('order_shipped', { distinct_id: 'u1', to: { email: 'new@x.io' } });
    expect(res.response.email?.destination).toBe('new@x.io');
    expect(res.response.sms?.destination).toBe('+15550001111');
  });

  it('uses the test version when asked, apart from live', async () => {
    ctx = await setup({ version: 'test' });
    await ctx.fyno.fire('order_shipped', { to: { sms: '+15550001111' } });
    expect(ctx.emu.requests()[0]?.path).toBe(`/v1/${ctx.emu.workspaceId}/test/event`);
    expect(ctx.emu.messages()[0]).toMatchObject({ version: 'test' });
  });

  it('validates before sending: nothing reaches the server', async () => {
    ctx = await setup();
    const bad: Array<[string, unknown]> = [
      ['', { to: { email: 'a@b.co' } }],
      ['order_shipped', {}],
      ['order_shipped', { to: {} }],
      ['order_shipped', { to: { email: ['a@b.co'] } }],
      ['order_shipped', { to: { sms: 15550001111 } }],
      ['order_shipped', { distinct_id: '' }],
      ['order_shipped', { distinct_id: 'u', data: 'text' }],
      ['order_shipped', { distinct_id: 'u', callback: { custom1: 'x' } }],
      ['order_shipped', null],
    ];
    for (const [event, payload] of bad) {
      const err = await caught(() => ctx!.fyno.fire(event, payload as never));
      expect(err).toBeInstanceOf(FynoValidationError);
    }
    expect(ctx.emu.requests()).toHaveLength(0);
  });

  it("maps an unknown event to FynoBadRequestError with Fyno's _message (C3), not retried", async () => {
    ctx = await setup();
    const err = await caught(() => ctx!.fyno.fire('nope', { to: { email: 'a@b.co' } }));
    expect(err).toBeInstanceOf(FynoBadRequestError);
    expect(err).toMatchObject({
      status: 400,
      code: 'bad_request',
      message: "The notification event name 'nope' is invalid or does not exists on prod",
      requestPath: `/v1/${ctx.emu.workspaceId}/live/event`,
    });
    expect(err.body).toEqual({ _message: err.message, status: 'error' });
    expect(typeof err.idempotencyKey).toBe('string');
    expect(ctx.emu.requests()).toHaveLength(1);
  });

  it('maps a wrong key to FynoAuthenticationError, and no error or inspect output shows the key (SDK-4)', async () => {
    ctx = await setup({ apiKey: 'sk_live_do_not_leak_1234567890' });
    const err = await caught(() => ctx!.fyno.fire('order_shipped', { to: { email: 'a@b.co' } }));
    expect(err).toBeInstanceOf(FynoAuthenticationError);
    expect(err).toBeInstanceOf(FynoError);
    expect(err.status).toBe(401);
    expect(err.message).toBe('Invalid API details');
    expect(ctx.emu.requests()).toHaveLength(1);
    for (const text of [err.message, String(err.stack), JSON.stringify(err), inspect(err, { depth: 5 }), inspect(ctx.fyno, { depth: 5 })]) {
      expect(text).not.toContain('sk_live_do_not_leak_1234567890');
    }
  });

  it('sends JSON with a User-Agent naming the package and version, and the key only as Bearer', async () => {
    const seen: Array<Record<string, string | string[] | undefined>> = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume().on('end', () => {
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ event: 'e', received_time: 'now', request_id: 'r', response: {} }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fyno = new Fyno({ workspaceId: 'FY1', apiKey: 'k_123', baseUrl: `http://127.0.0.1:${port}/v1/` });
    await fyno.fire('e', { distinct_id: 'u' }, { headers: { 'X-Trace-Id': 't1', Authorization: 'Bearer evil' } });
    await fyno.close();
    server.close();
    expect(seen[0]).toMatchObject({
      authorization: 'Bearer k_123',
      'content-type': 'application/json',
      'x-trace-id': 't1',
    });
    expect(String(seen[0]?.['user-agent'])).toContain(`fyno-kit/${VERSION}`);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('fire with an array and fireBulk (C9, C10)', () => {
  it('sends arrays through /event/bulk with seq in input order', async () => {
    ctx = await setup();
    const batch = [1, 2, 3].map((i) => ({ to: { email: `u${i}@x.io` }, data: { i } }));
    const res = await ctx.fyno.fire('digest', batch);
    expect(typeof res.received_time).toBe('number');
    expect(res.response.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(res.response.map((r) => (r.email as { destination: string }).destination)).toEqual(['u1@x.io', 'u2@x.io', 'u3@x.io']);
    expect(ctx.emu.requests()[0]?.path).toBe(`/v1/${ctx.emu.workspaceId}/live/event/bulk`);
    expect(res.requests).toHaveLength(1);
  });

  it('splits a batch over 10 MB into several requests under the limit, results in order', async () => {
    ctx = await setup();
    const note = 'n'.repeat(20_000);
    const batch = Array.from({ length: 1_200 }, (_, i) => ({ to: { email: `u${i}@x.io` }, data: { i, note } }));
    const total = Buffer.byteLength(JSON.stringify({ event: 'digest', batch }));
    expect(total).toBeGreaterThan(10 * 1024 * 1024);
    const res = await ctx.fyno.fireBulk('digest', batch);
    expect(res.response).toHaveLength(1_200);
    expect(res.response.map((r) => r.seq)).toEqual(batch.map((_, i) => i + 1));
    expect(res.response.map((r) => (r.email as { destination: string }).destination)).toEqual(batch.map((b) => b.to.email));
    const reqs = ctx.emu.requests().filter((r) => r.path.endsWith('/event/bulk'));
    expect(reqs.length).toBe(res.requests.length);
    expect(reqs.length).toBeGreaterThanOrEqual(3);
    for (const r of reqs) expect(r.status).toBe(202);
    expect(new Set(reqs.map((r) => r.idempotency_key)).size).toBe(reqs.length);
    const sent = ctx.emu.messages({ event: 'digest' });
    expect(sent).toHaveLength(1_200);
  });

  it('rejects an empty batch and a bad item without sending', async () => {
    ctx = await setup();
    await expect(ctx.fyno.fireBulk('digest', [])).rejects.toBeInstanceOf(FynoValidationError);
    const err = await caught(() => ctx!.fyno.fireBulk('digest', [{ to: { email: 'a@b.co' } }, { to: { email: 5 } } as never]));
    expect(err).toMatchObject({ field: '[1].to.email' });
    expect(ctx.emu.requests()).toHaveLength(0);
  });
});

describe('profiles', () => {
  it('creates, reads, updates, adds and removes channels, merges and deletes', async () => {
    ctx = await setup();
    const { profiles } = ctx.fyno;
    expect(await profiles.create({ distinct_id: 'p1', name: 'Ana', channel: { sms: '+15550001111' } })).toEqual({
      _message: 'Profile created successfully',
      status: 'ok',
    });
    const dup = await caught(() => profiles.create({ distinct_id: 'p1' }));
    expect(dup).toMatchObject({ status: 400, message: "Distinct ID 'p1' already exists in the 'live' version of your workspace" });
    expect((await profiles.get('p1')).channel.sms).toBeDefined();
    await profiles.update('p1', { channel: { email: 'ana@x.io' } });
    const afterUpdate = await profiles.get('p1');
    expect(afterUpdate.channel.email).toBe('ana@x.io');
    expect(afterUpdate.channel.sms).toBeUndefined();
    await profiles.addChannel('p1', { push: [{ token: 't1' }] });
    await profiles.addChannel('p1', { push: [{ token: 't2' }] });
    expect((await profiles.get('p1')).channel.push?.map((t) => t.token)).toEqual(['t1', 't2']);
    await profiles.removeChannel('p1', { push: ['t1'] });
    expect((await profiles.get('p1')).channel.push?.map((t) => t.token)).toEqual(['t2']);
    const noSms = await caught(() => profiles.removeChannel('p1', ['sms']));
    expect(noSms).toMatchObject({ status: 400, message: 'Unable to delete channel since the channel does not exist' });
    await profiles.merge('p1', 'p2');
    expect((await profiles.get('p2')).channel.email).toBe('ana@x.io');
    const gone = await caught(() => profiles.get('p1'));
    expect(gone).toMatchObject({ status: 400, message: 'incorrect/non existing distinct_id provided' });
    expect(await profiles.delete('p2')).toMatchObject({ status: 'ok' });
    await expect(profiles.delete(['p2'])).rejects.toMatchObject({ message: 'Cannot delete non existing user' });
  });

  it('percent-encodes distinct_id in paths (SDK-2)', async () => {
    ctx = await setup();
    await ctx.fyno.profiles.create({ distinct_id: 'a/b#c?d' });
    const profile = await ctx.fyno.profiles.get('a/b#c?d');
    expect(profile.distinct_id).toBe('a/b#c?d');
    const get = ctx.emu.requests().find((r) => r.method === 'GET');
    expect(get?.path).toBe(`/v1/${ctx.emu.workspaceId}/live/profiles/a%2Fb%23c%3Fd`);
  });
});

describe('inappSignature (I-a)', () => {
  it('is the lowercase hex HMAC-SHA256 of the user id keyed by WSID + token', async () => {
    const fyno = new Fyno({ workspaceId: 'FY1', apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1' });
    const sig = await fyno.inappSignature('u1', 'tok');
    expect(sig).toBe(createHmac('sha256', 'FY1tok').update('u1').digest('hex'));
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    await fyno.close();
  });
});

describe('the event name', () => {
  it('is the one passed to fire(), even when the payload carries an `event` key', async () => {
    ctx = await setup();
    await ctx.fyno.fire('order_shipped', { to: { email: 'a@b.co' }, event: 'digest' } as never);
    expect(ctx.emu.messages().map((m) => m.event)).toEqual(['order_shipped']);
  });
});
