/**
 * Fuzzes the Nest notify route on platform-fastify with fast-check: malformed bodies, odd content
 * types, random headers and JSON shapes, with Fastify's JSON parser and with `rawBody: true`. Every
 * answer must be a 4xx JSON error with a documented code, and nothing may reach the emulator.
 * The generators are those of the Express fuzz test (packages/express/test/fuzz.test.ts).
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Fyno } from '@fyno-kit/core';
import { NOTIFY_ERROR_CODES } from '@fyno-kit/core/server';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FynoModule, type FynoNotifyRouteOptions } from '../src/index';
import { answerChecker, DEEP_CODES, DEEP_EXAMPLES, fuzzPolicy, headersOf, request, wouldBeAccepted } from '@fyno-kit/test-support/notify-fuzz';

const apiKey = `sk_fuzz_${Math.random().toString(36).slice(2)}`;
const RUNS = 1_000;

let emu: RunningEmulator;
let fyno: Fyno;
const notifyRoute = (): FynoNotifyRouteOptions<{ headers: Record<string, string | string[] | undefined> }> =>
  fuzzPolicy(fyno) as unknown as FynoNotifyRouteOptions<{ headers: Record<string, string | string[] | undefined> }>;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, events: '*', apiKey, quiet: true });
  fyno = new Fyno({ baseUrl: emu.baseUrl, workspaceId: emu.workspaceId, apiKey, maxRetries: 0 });
});
afterAll(async () => {
  await fyno.close();
  await emu.stop();
});

async function startFastifyApp(rawBody: boolean): Promise<{ app: INestApplication; origin: string }> {
  @Module({ imports: [FynoModule.forRoot({ client: { workspaceId: emu.workspaceId, apiKey, baseUrl: emu.baseUrl }, notifyRoute: notifyRoute() })] })
  class AppModule {}
  const app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false, rawBody });
  await app.listen(0, '127.0.0.1');
  expect(app.getHttpAdapter().getType()).toBe('fastify');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, origin: `http://127.0.0.1:${port}` };
}

describe('fuzz: every malformed request to the Nest+Fastify route gets a 4xx JSON error and sends nothing', () => {
  for (const rawBody of [false, true]) {
    it(`Nest+Fastify, ${rawBody ? 'rawBody: true' : "Fastify's JSON parser"} (${RUNS} runs)`, async () => {
      const { check: checkAnswer, codesSeen } = answerChecker(apiKey, NOTIFY_ERROR_CODES);
      let sent = 0;
      const { app, origin } = await startFastifyApp(rawBody);
      try {
        await fc.assert(
          fc.asyncProperty(request, async (r) => {
            fc.pre(!wouldBeAccepted(r));
            const withBody = r.method !== 'GET' && r.body !== undefined;
            const res = await fetch(`${origin}/api/fyno/notify`, {
              method: r.method,
              headers: headersOf(r),
              ...(withBody ? { body: r.body as BodyInit } : {}),
            });
            sent++;
            checkAnswer(res.status, res.headers.get('content-type'), await res.text());
          }),
          { numRuns: RUNS, examples: [...DEEP_EXAMPLES] },
        );
      } finally {
        await app.close();
      }
      expect(sent).toBeGreaterThanOrEqual(RUNS);
      expect(emu.messages()).toHaveLength(0);
      expect(emu.requests()).toHaveLength(0);
      expect([...codesSeen].sort()).toEqual([...DEEP_CODES].sort());
    }, 180_000);
  }
});
