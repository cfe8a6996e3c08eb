/** Body size cap (CONTRACT.md row C11: 413), unknown routes (404), wrong methods (405). */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES, type RunningEmulator } from '../src/index.js';
import { call, E, start } from './helpers.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.stop());

describe('413 Payload too large', () => {
  it('C11: a body over 10 MB is 413 and the server stays up', async () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(10 * 1024 * 1024);
    const pad = 'a'.repeat(DEFAULT_MAX_BODY_BYTES);
    const body = `{"event":"known","batch":[{"to":{"email":"${pad}"}}]}`;
    const r = await call(emu, 'POST', '/live/event/bulk', { body });
    expect(r.status).toBe(413);
    expect(r.json).toEqual(E('Payload too large'));
    expect(emu.messages()).toHaveLength(0);
    const after = await call(emu, 'POST', '/live/event', { body: { event: 'known', to: { email: 'a@b.co' } } });
    expect(after.status).toBe(202);
  });

  it('a chunked upload (no Content-Length) is cut off at the limit with 413', async () => {
    const small = await start({ maxBodyBytes: 1024 });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          `${small.baseUrl}/${small.workspaceId}/live/event`,
          { method: 'POST', headers: { authorization: `Bearer ${small.apiKey}`, 'transfer-encoding': 'chunked' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.write('x'.repeat(800));
        req.write('x'.repeat(800));
        req.end();
      });
      expect(status).toBe(413);
      expect(small.requests()[0]?.status).toBe(413);
      // Exactly at the limit is still accepted.
      const pad = 'a'.repeat(1024 - '{"event":"known","to":{"email":""}}'.length);
      const ok = await call(small, 'POST', '/live/event', { body: `{"event":"known","to":{"email":"${pad}"}}` });
      expect(ok.status).toBe(202);
    } finally {
      await small.stop();
    }
  });
});

describe('404 and 405', () => {
  it.each([
    ['/v1/FYEMULATOR1/live/nothing'],
    ['/v1/FYEMULATOR1/prod/event'],
    ['/v1/FYEMULATOR1/live/event/bulk/extra'],
    ['/v2/FYEMULATOR1/live/event'],
    ['/nothing'],
    ['/_emulator/nothing'],
  ])('%s is 404 Not found', async (path) => {
    const res = await fetch(`${emu.url}${path}`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(E('Not found'));
  });

  it.each([
    ['GET', '/live/event', 'POST'],
    ['PUT', '/live/event/bulk', 'POST'],
    ['DELETE', '/live/profiles/u1', 'GET, PUT'],
    ['GET', '/live/profiles/u1/channel', 'PATCH'],
    ['GET', '/event', 'POST'],
  ])('%s %s is 405 with Allow: %s', async (method, path, allow) => {
    const r = await call(emu, method, path);
    expect(r.status).toBe(405);
    expect(r.json).toEqual(E('Method not allowed'));
    expect(r.headers.get('allow')).toBe(allow);
  });

  it('404 and 405 are logged but record nothing', async () => {
    emu.clear();
    await call(emu, 'GET', '/live/event');
    expect(emu.requests()).toEqual([expect.objectContaining({ method: 'GET', status: 405 })]);
    expect(emu.messages()).toHaveLength(0);
  });
});

describe('request log', () => {
  it('is capped, dropping the oldest entries', async () => {
    const small = await start({ maxRequestLog: 3 });
    try {
      for (let i = 0; i < 5; i++) {
        await call(small, 'POST', '/live/event', { body: { event: 'known', to: { email: `${i}@x.io` } }, headers: { 'idempotency-key': `k${i}` } });
      }
      expect(small.requests().map((e) => e.idempotency_key)).toEqual(['k2', 'k3', 'k4']);
      expect(small.messages()).toHaveLength(5);
    } finally {
      await small.stop();
    }
  });
});
