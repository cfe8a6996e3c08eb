/**
 * The in-app session route's contract, written once and run over real HTTP against every adapter
 * (Express, Fastify, Nest, the web-standard handler), with the emulator upstream. The adapter, the
 * emulator and the client are passed in.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import type { Fyno } from '@fyno-kit/core';
import type { InappSessionOptions } from '@fyno-kit/core/server';
import type { RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

/** The session route's options: core's, over whatever request the host hands `identify`. */
export type SuiteSessionOptions = InappSessionOptions<any>;

/** The emulator controls the suite uses (`startEmulator()`'s result). */
export type SessionSuiteEmulator = Pick<RunningEmulator, 'baseUrl' | 'workspaceId' | 'apiKey' | 'inapp' | 'clear' | 'stop'>;

/** What an adapter's test file passes in. */
export interface SessionSuiteOptions {
  /** Mounts the session route with `options` on a fresh app on 127.0.0.1; `url` is its full URL. */
  start(options: SuiteSessionOptions): Promise<{ url: string; close(): Promise<void> }>;
  /** False when the app routes only POST to the route (e.g. Express's `app.post`). Default true. */
  answersOtherMethods?: boolean;
  startEmulator(options: { port: 0; apiKey: string; inapp: { integrationId: string; integrationToken: string } }): Promise<SessionSuiteEmulator>;
  createClient(options: { baseUrl: string; workspaceId: string; apiKey: string; maxRetries: number }): Fyno;
}

/** Reads a header the same way from a Node/Express/Nest/Fastify request and from a web `Request`. */
function headerOf(request: any, name: string): string | undefined {
  const headers = request?.headers;
  if (headers && typeof headers.get === 'function') return headers.get(name) ?? undefined;
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The same `identify` as the notify suite: the user a test names in `x-test-user`, else nobody. */
export const suiteIdentify = (request: unknown): string | null => headerOf(request, 'x-test-user') ?? null;

/** Runs the whole session-route contract against one adapter. */
export function runInappSessionSuite(name: string, options: SessionSuiteOptions): void {
  describe(`in-app session route contract: ${name}`, () => {
    // Distinctive secrets, so a leak anywhere is found by a plain substring search.
    const apiKey = `sk_suite_${randomUUID().replace(/-/g, '')}`;
    const integrationToken = `itok_suite_${randomUUID().replace(/-/g, '')}`;
    const integrationId = 'ISUITE01';
    const texts: string[] = [];
    const consoleSpies: Array<{ mock: { calls: unknown[][] }; mockRestore(): void }> = [];
    const running: Array<{ close(): Promise<void> }> = [];
    let emu: SessionSuiteEmulator;
    let client: Fyno;

    beforeAll(async () => {
      for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) consoleSpies.push(vi.spyOn(console, method));
      emu = await options.startEmulator({ port: 0, apiKey, inapp: { integrationId, integrationToken } });
      client = options.createClient({ baseUrl: emu.baseUrl, workspaceId: emu.workspaceId, apiKey, maxRetries: 0 });
    });

    afterAll(async () => {
      const logged = consoleSpies.flatMap((spy) => spy.mock.calls.map((args) => inspect(args, { depth: 8 })));
      for (const spy of consoleSpies) spy.mockRestore();
      await emu?.stop();
      await client?.close?.();
      for (const line of [...logged, ...texts]) {
        expect(line).not.toContain(integrationToken);
        expect(line).not.toContain(apiKey);
      }
    });

    beforeEach(() => emu.clear());
    afterEach(async () => {
      await Promise.all(running.splice(0).map((r) => r.close()));
    });

    async function mount(overrides: Partial<SuiteSessionOptions> = {}): Promise<string> {
      const app = await options.start({
        identify: suiteIdentify,
        integrationId,
        integrationToken,
        url: emu.inapp.url,
        client,
        ...overrides,
      });
      running.push(app);
      return app.url;
    }

    async function post(url: string, user?: string, method = 'POST') {
      const res = await fetch(url, { method, headers: user === undefined ? {} : { 'x-test-user': user } });
      const text = await res.text();
      let headerText = '';
      res.headers.forEach((value, key) => (headerText += `${key}: ${value}\n`));
      texts.push(text, headerText);
      let json: any;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text, json };
    }

    async function profile(distinctId: string): Promise<any> {
      const res = await fetch(`${emu.baseUrl}/${emu.workspaceId}/live/profiles/${encodeURIComponent(distinctId)}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      return res.status === 200 ? res.json() : undefined;
    }

    it("signed out → 401 unauthorized in the notify route's error shape, uncacheable JSON", async () => {
      const answer = await post(await mount());
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    });

    it('signed in → the session: user id, workspace, integration, the signature and the URL; never the token', async () => {
      const answer = await post(await mount(), 'u_ana');
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({
        userId: 'u_ana',
        workspaceId: emu.workspaceId,
        integrationId,
        signature: createHmac('sha256', emu.workspaceId + integrationToken)
          .update('u_ana')
          .digest('hex'),
        url: emu.inapp.url,
      });
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.text).not.toContain(integrationToken);
    });

    it('answers other methods with 405 and Allow: POST (or leaves them to the app)', async () => {
      const answer = await post(await mount(), 'u_ana', 'GET');
      if (options.answersOtherMethods === false) {
        expect(answer.status).toBe(404);
        return;
      }
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe('POST');
      expect(answer.json.error.code).toBe('method_not_allowed');
    });

    it("registers the user id as the profile's in-app token once, so fires by distinct_id reach the inbox", async () => {
      const url = await mount();
      const id = `u_${randomUUID().slice(0, 8)}`;
      expect(await profile(id)).toBeUndefined();
      expect((await post(url, id)).status).toBe(200);
      expect((await post(url, id)).status).toBe(200);
      const stored = await profile(id);
      expect(stored.channel.inapp).toEqual([{ token: id, integration_id: integrationId, status: 1 }]);
      await client.fire('order_shipped', { distinct_id: id, data: { title: 'Shipped' } });
      expect(emu.inapp.messages(id).map((r) => r.message.notification_content.title)).toEqual(['Shipped']);
    });

    it('adds the token to an existing profile and keeps its other channels', async () => {
      const id = `u_${randomUUID().slice(0, 8)}`;
      await client.profiles.create({ distinct_id: id, channel: { email: 'a@example.com' } });
      expect((await post(await mount(), id)).status).toBe(200);
      const stored = await profile(id);
      expect(stored.channel.email).toBe('a@example.com');
      expect(stored.channel.inapp).toEqual([{ token: id, integration_id: integrationId, status: 1 }]);
    });

    it('leaves profiles alone with registerToken: false, and signs the id userId() maps to', async () => {
      const id = `u_${randomUUID().slice(0, 8)}`;
      const url = await mount({ registerToken: false, userId: (d: string) => `inapp-${d}` });
      const answer = await post(url, id);
      expect(answer.json.userId).toBe(`inapp-${id}`);
      expect(answer.json.signature).toBe(
        createHmac('sha256', emu.workspaceId + integrationToken)
          .update(`inapp-${id}`)
          .digest('hex'),
      );
      expect(await profile(id)).toBeUndefined();
    });

    it('identify throwing → 500 internal_error, reported, nothing about the error or the token in the body', async () => {
      const reported: string[] = [];
      const url = await mount({
        identify: () => {
          throw new Error('session store down');
        },
        onError: (_e, info) => reported.push(info.code),
      });
      const answer = await post(url, 'u_ana');
      expect(answer.status).toBe(500);
      expect(answer.json).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
      expect(answer.text).not.toContain('session store down');
      expect(reported).toEqual(['internal_error']);
    });

    it('without an integration token configured → 500 internal_error, and the log line names no value', async () => {
      const errors: unknown[] = [];
      const url = await mount({ integrationToken: undefined, onError: (e) => errors.push(e) });
      const answer = await post(url, 'u_ana');
      expect(answer.status).toBe(500);
      expect(answer.json.error.code).toBe('internal_error');
      expect(String(errors[0])).toMatch(/FYNO_INAPP_TOKEN/);
    });

    it('still opens the inbox when registering the token fails upstream, and reports it', async () => {
      const reported: string[] = [];
      const failing = {
        workspaceId: emu.workspaceId,
        inappSignature: (userId: string, token: string) => client.inappSignature(userId, token),
        profiles: {
          addChannel: async () => {
            throw Object.assign(new Error('upstream down'), { status: 503 });
          },
          create: async () => undefined,
        },
      };
      const answer = await post(await mount({ client: failing, onError: (_e, info) => reported.push(info.code) }), 'u_ana');
      expect(answer.status).toBe(200);
      expect(reported).toEqual(['upstream_error']);
    });
  });
}
