/**
 * The requests the official `@fyno/node` SDK sends, as its source builds them (axios, JSON content
 * type on every call): the emulator must take them as Fyno does, since users point that SDK here too.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { call, start } from './helpers.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start({ quiet: true });
});
afterAll(() => emu.stop());

/** A GET with a JSON body, as axios sends `getProfile()` (the SDK passes its payload as `data`). */
function getWithBody(path: string, body: string): Promise<{ status: number; json: any }> {
  const url = new URL(`${emu.baseUrl}/${emu.workspaceId}/live${path}`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'GET',
        headers: { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('requests shaped like the official @fyno/node SDK', () => {
  it('has a default key and workspace id the older SDK validation accepts (key 25–60, wsid 10–20 chars)', () => {
    expect(emu.apiKey.length).toBeGreaterThanOrEqual(25);
    expect(emu.apiKey.length).toBeLessThanOrEqual(60);
    expect(emu.workspaceId.length).toBeGreaterThanOrEqual(10);
    expect(emu.workspaceId.length).toBeLessThanOrEqual(20);
  });

  it('identify().create(), getProfile() with a body, setWhatsapp(), merge with no body, clearChannel()', async () => {
    expect((await call(emu, 'POST', '/live/profiles', { body: { distinct_id: 'sdk1', name: 'Ana', channel: { email: 'a@b.co' } } })).status).toBe(201);
    const got = await getWithBody('/profiles/sdk1', JSON.stringify({ distinct_id: 'sdk1' }));
    expect(got).toMatchObject({ status: 200, json: { distinct_id: 'sdk1', channel: { email: 'a@b.co' } } });
    const channel = await call(emu, 'PATCH', '/live/profiles/sdk1/channel', { body: { channel: { whatsapp: '+919999999999' } } });
    expect(channel.json.status).toBe('ok');
    const push = await call(emu, 'PATCH', '/live/profiles/sdk1/channel', {
      body: { channel: { push: [{ token: 't1', status: 1, integration_id: undefined }] } },
    });
    expect(push.status).toBe(200);
    const merged = await call(emu, 'PATCH', '/live/profiles/sdk1/merge/sdk2');
    expect(merged).toMatchObject({ status: 200, json: { status: 'ok' } });
    expect((await call(emu, 'POST', '/live/profiles/sdk2/channel/delete', { body: { push: ['t1'] } })).json.status).toBe('ok');
    expect((await call(emu, 'POST', '/live/profiles/sdk2/channel/delete', { body: { channel: ['whatsapp'] } })).json.status).toBe('ok');
  });

  it('fire(event, object) and fire(event, array) as the SDK posts them', async () => {
    const single = await call(emu, 'POST', '/live/event', { body: { event: 'known', distinct_id: 'sdk2', to: { sms: '+15550001111' } } });
    expect(single.status).toBe(202);
    const bulk = await call(emu, 'POST', '/live/event/bulk', { body: { event: 'known', batch: [{ to: { email: 'x@y.z' } }, { distinct_id: 'sdk2' }] } });
    expect(bulk.status).toBe(202);
    expect(bulk.json.response.map((r: { seq: number }) => r.seq)).toEqual([1, 2]);
  });
});
