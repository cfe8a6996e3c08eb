/**
 * The shared preferences-route contract through the Lambda handler, behind the same local Function-URL
 * front as the notify suite (payload-2.0 events, the handler's result as the answer); and `identify`
 * reading the HTTP API JWT authorizer's claims from a real fixture event.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import { describe, expect, it } from 'vitest';
import { runPreferencesSuite } from '@fyno-kit/test-support/preferences-suite';
import { type LambdaHttpEvent, type LambdaNotifyContext, preferencesHandler, type PreferencesHandlerPolicy } from '../src/index';
import { readAll, toEvent } from './function-url-front';

runPreferencesSuite('AWS Lambda (Function URL events)', {
  async start(policy) {
    const handler = preferencesHandler(policy as unknown as PreferencesHandlerPolicy<LambdaNotifyContext>);
    const server = createServer(async (req, res) => {
      const result = await handler(toEvent(req, await readAll(req), false), {});
      res.writeHead(result.statusCode, result.headers).end(req.method === 'HEAD' ? undefined : result.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/fyno/preferences`,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  },
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
});

describe('Lambda preferencesHandler(): identify reads the authorizer claims', () => {
  it("answers the JWT subject's own preferences from an HTTP API event, 401 without a subject", async () => {
    const emu = await startEmulator({ port: 0 });
    const fyno = new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, maxRetries: 0 });
    try {
      const handler = preferencesHandler({
        identify: (_request, { event }) => event.requestContext.authorizer?.jwt?.claims?.sub?.toString(),
        topics: { SORDERS001: { channels: ['email'] } },
        client: fyno,
      });
      const fixture = JSON.parse(readFileSync(new URL('./fixtures/http-api-jwt-base64.json', import.meta.url), 'utf8')) as LambdaHttpEvent;
      const sub = String(fixture.requestContext.authorizer?.jwt?.claims?.sub);
      await fyno.profiles.create({ distinct_id: sub });
      await fyno.preferences.update(sub, { SORDERS001: { email: 'opted-out' } });
      const read = {
        ...fixture,
        body: undefined,
        isBase64Encoded: false,
        requestContext: { ...fixture.requestContext, http: { ...fixture.requestContext.http, method: 'GET' } },
      } as LambdaHttpEvent;
      const result = await handler(read, {});
      expect(result.statusCode).toBe(200);
      expect(JSON.parse(String(result.body)).sections[0].topics[0].channels).toEqual([{ channel: 'email', on: false, required: false }]);
      const anonymous = { ...read, requestContext: { ...read.requestContext, authorizer: undefined } } as LambdaHttpEvent;
      expect((await handler(anonymous, {})).statusCode).toBe(401);
    } finally {
      await fyno.close();
      await emu.stop();
    }
  });
});
