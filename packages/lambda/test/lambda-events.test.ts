/**
 * Real payload-2.0 events through the handler: a Function URL call with a session cookie, and an API
 * Gateway HTTP API call with a JWT authorizer and a base64 body; compressed and binary bodies.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Fyno } from '@fyno-kit/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { notifyHandler, type LambdaHttpEvent } from '../src/index';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as LambdaHttpEvent;

let emu: RunningEmulator;
let fyno: Fyno;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, events: ['order_shipped'] });
  fyno = new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, maxRetries: 0 });
});
afterAll(async () => {
  await fyno.close();
  await emu.stop();
});
beforeEach(() => emu.clear());

const handler = () =>
  notifyHandler({
    // The API Gateway JWT authorizer's subject, else the Function URL's session cookie.
    identify: (request, { event }) =>
      event.requestContext.authorizer?.jwt?.claims?.sub?.toString() ??
      (/(?:^|; )session=ana-session(?:;|$)/.test(request.headers.get('cookie') ?? '') ? 'u_cookie_ana' : null),
    events: { order_shipped: {} },
    client: fyno,
    onError: () => {},
  });

describe('Lambda payload 2.0 events', () => {
  it('a Function URL event: the session cookie identifies the user; 202 as a Lambda result', async () => {
    const result = await handler()(fixture('function-url'), {});
    expect(result).toMatchObject({
      statusCode: 202,
      isBase64Encoded: false,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });
    expect(JSON.parse(result.body).event).toBe('order_shipped');
    expect(emu.messages()).toMatchObject([{ distinct_id: 'u_cookie_ana', data: { order: 'L-1001' } }]);
  });

  it('an HTTP API event with a JWT authorizer and a base64 body: decoded to its exact bytes', async () => {
    const result = await handler()(fixture('http-api-jwt-base64'));
    expect(result.statusCode).toBe(202);
    expect(emu.messages()).toMatchObject([{ distinct_id: 'u_jwt_ana', data: { order: 'L-2002' } }]);
  });

  it('no authorizer and no cookie → 401; nothing sent', async () => {
    const event = fixture('http-api-jwt-base64');
    delete event.requestContext.authorizer;
    const result = await handler()(event);
    expect([result.statusCode, JSON.parse(result.body).error.code]).toEqual([401, 'unauthorized']);
    expect(emu.requests()).toHaveLength(0);
  });

  it('a gzip body (base64, Content-Encoding: gzip) → 415, and bytes that are not UTF-8 → 400 invalid_json', async () => {
    const gz = fixture('http-api-jwt-base64');
    gz.headers = { ...gz.headers, 'content-encoding': 'gzip' };
    gz.body = gzipSync(Buffer.from('{"event":"order_shipped"}')).toString('base64');
    expect((await handler()(gz)).statusCode).toBe(415);
    const binary = fixture('http-api-jwt-base64');
    binary.body = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('base64');
    const result = await handler()(binary);
    expect([result.statusCode, JSON.parse(result.body).error.code]).toEqual([400, 'invalid_json']);
    expect(emu.requests()).toHaveLength(0);
  });

  it('a base64 body over the cap → 413 by its decoded bytes', async () => {
    const event = fixture('http-api-jwt-base64');
    event.body = Buffer.from(JSON.stringify({ event: 'order_shipped', data: { pad: 'x'.repeat(20_000) } })).toString('base64');
    delete event.headers!['content-length'];
    expect((await handler()(event)).statusCode).toBe(413);
    expect(emu.requests()).toHaveLength(0);
  });

  it('GET → 405 with Allow: POST', async () => {
    const event = fixture('function-url');
    event.requestContext.http.method = 'GET';
    delete event.body;
    const result = await handler()(event);
    expect([result.statusCode, result.headers.allow]).toEqual([405, 'POST']);
  });
});
