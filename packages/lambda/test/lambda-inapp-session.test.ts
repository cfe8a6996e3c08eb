/**
 * The shared in-app session contract through the Lambda handler, behind the same local Function-URL
 * front as the notify suite (payload-2.0 events, the handler's result as the answer); and `identify`
 * reading the HTTP API JWT authorizer's claims from a real fixture event.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { startEmulator } from '@fyno-kit/emulator';
import { describe, expect, it } from 'vitest';
import { runInappSessionSuite } from '@fyno-kit/test-support/inapp-session-suite';
import { inappSessionHandler, type LambdaHttpEvent } from '../src/index';
import { readAll, toEvent } from './function-url-front';

runInappSessionSuite('AWS Lambda (Function URL events)', {
  async start(options) {
    const handler = inappSessionHandler(options);
    const server = createServer(async (req, res) => {
      const result = await handler(toEvent(req, await readAll(req), false), {});
      res.writeHead(result.statusCode, result.headers).end(req.method === 'HEAD' ? undefined : result.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/fyno/inapp-session`,
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

describe('Lambda inappSessionHandler(): identify reads the authorizer claims', () => {
  it('signs the JWT subject of an HTTP API event, 401 without a subject', async () => {
    const emu = await startEmulator({ port: 0, inapp: { integrationId: 'ILAMBDA', integrationToken: 'itok_lambda_not_a_secret' } });
    const fyno = new Fyno({ workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl, maxRetries: 0 });
    try {
      const handler = inappSessionHandler({
        identify: (_request, { event }) => event.requestContext.authorizer?.jwt?.claims?.sub?.toString(),
        integrationId: 'ILAMBDA',
        integrationToken: 'itok_lambda_not_a_secret',
        url: emu.inapp.url,
        client: fyno,
      });
      const fixture = JSON.parse(readFileSync(new URL('./fixtures/http-api-jwt-base64.json', import.meta.url), 'utf8')) as LambdaHttpEvent;
      const sub = String(fixture.requestContext.authorizer?.jwt?.claims?.sub);
      const result = await handler(fixture, {});
      expect(result.statusCode).toBe(200);
      expect(JSON.parse(String(result.body))).toMatchObject({
        userId: sub,
        integrationId: 'ILAMBDA',
        signature: await fyno.inappSignature(sub, 'itok_lambda_not_a_secret'),
      });
      expect(String(result.body)).not.toContain('itok_lambda_not_a_secret');
      const anonymous = { ...fixture, requestContext: { ...fixture.requestContext, authorizer: undefined } } as LambdaHttpEvent;
      expect((await handler(anonymous, {})).statusCode).toBe(401);
    } finally {
      await fyno.close();
      await emu.stop();
    }
  });
});
