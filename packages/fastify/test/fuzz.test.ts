/**
 * Fuzzes the Fastify notify route with fast-check (the generators of the Express fuzz test): malformed
 * bodies, odd content types, random headers and JSON shapes, over real HTTP. Every answer must be a
 * 4xx JSON error with a documented code, nothing may reach the emulator, and nothing may reach the
 * app's own error handler. Runs with the route's parser (parsed body) and behind the app's Buffer
 * parser (raw body).
 */
import { Fyno } from '@fyno-kit/core';
import { NOTIFY_ERROR_CODES, type NotifyPolicy } from '@fyno-kit/core/server';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import fc from 'fast-check';
import Fastify, { type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyRoute } from '../src/index';
import { listen } from './helpers';
import { answerChecker, DEEP_CODES, DEEP_EXAMPLES, fuzzPolicy, headersOf, request, wouldBeAccepted } from '@fyno-kit/test-support/notify-fuzz';

const apiKey = `sk_fuzz_${Math.random().toString(36).slice(2)}`;
const RUNS = 1_000;

let emu: RunningEmulator;
let fyno: Fyno;
const policy = (): NotifyPolicy<FastifyRequest> => fuzzPolicy(fyno) as unknown as NotifyPolicy<FastifyRequest>;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, events: '*', apiKey });
  fyno = new Fyno({ baseUrl: emu.baseUrl, workspaceId: emu.workspaceId, apiKey, maxRetries: 0 });
});
afterAll(async () => {
  await fyno.close();
  await emu.stop();
});

describe('fuzz: every malformed request at the Fastify route gets a 4xx JSON error and sends nothing', () => {
  for (const rawBody of [false, true]) {
    it(`over HTTP on Fastify 5, ${rawBody ? "behind the app's Buffer parser" : "with the route's JSON parser"} (${RUNS} runs)`, async () => {
      const { check: checkAnswer, codesSeen } = answerChecker(apiKey, NOTIFY_ERROR_CODES);
      let answered = 0;
      const appErrors: unknown[] = [];
      const app = Fastify();
      app.setErrorHandler((error, _request, reply) => {
        appErrors.push(error);
        return reply.code(500).send({ handledBy: 'app' });
      });
      if (rawBody) app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      await app.register(notifyRoute(policy()), { prefix: '/api/fyno/notify' });
      app.get('/health', async () => ({ up: true }));
      const server = await listen(app);
      try {
        await fc.assert(
          fc.asyncProperty(request, async (r) => {
            fc.pre(!wouldBeAccepted(r));
            const withBody = r.method !== 'GET' && r.body !== undefined;
            const res = await fetch(`${server.origin}/api/fyno/notify`, {
              method: r.method,
              headers: headersOf(r),
              ...(withBody ? { body: r.body as BodyInit } : {}),
            });
            checkAnswer(res.status, res.headers.get('content-type'), await res.text());
            answered++;
          }),
          { numRuns: RUNS, examples: [...DEEP_EXAMPLES] },
        );
        expect((await fetch(`${server.origin}/health`)).status).toBe(200);
      } finally {
        await server.close();
      }
      // fast-check counts only the runs fc.pre kept: every one of them was answered.
      expect(answered).toBe(RUNS);
      expect(appErrors).toEqual([]);
      expect(emu.messages()).toHaveLength(0);
      expect(emu.requests()).toHaveLength(0);
      expect([...codesSeen].sort()).toEqual([...DEEP_CODES].sort());
    }, 180_000);
  }
});
