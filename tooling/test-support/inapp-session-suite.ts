/**
 * The in-app session route's contract, written once and run over real HTTP against every adapter and
 * host (Express, Fastify, Nest, Koa, Lambda, the web-standard handler and the hosts/), with the
 * emulator upstream. The adapter, the emulator and the client are passed in. Each mount is described
 * as data too (`SessionSuiteRecipe`), so a host in another process (Bun, Deno, workerd, a built
 * SvelteKit or Nuxt server) builds the same options itself (hosts/suite-app.js).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import type { Fyno } from '@fyno-kit/core';
import type { InappSessionOptions } from '@fyno-kit/core/server';
import type { RunningEmulator } from '@fyno-kit/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SuiteSync } from './adapter-suite/types';

/** The session route's options: core's, over whatever request the host hands `identify`. */
export type SuiteSessionOptions = InappSessionOptions<any>;

/** The emulator controls the suite uses (`startEmulator()`'s result). */
export type SessionSuiteEmulator = Pick<RunningEmulator, 'baseUrl' | 'workspaceId' | 'apiKey' | 'inapp' | 'clear' | 'failNext' | 'stop'>;

/** The options the route's client (and the suite's own) is built with. */
export interface SessionSuiteClientOptions {
  baseUrl: string;
  workspaceId: string;
  apiKey: string;
  maxRetries: number;
  timeoutMs: number;
}

/**
 * One mount's options as data, for a host in another process: it builds `createInappSessionHandler`'s
 * options from this (hosts/suite-app.js), with a client of its own made from `client`.
 */
export interface SessionSuiteRecipe {
  client: SessionSuiteClientOptions;
  /** `header`: the user is the `x-test-user` header (or what the host's app reads); `throws`: identify throws. */
  identify: 'header' | 'throws';
  /** `report`: errors go to `onError` and come back through `sync`; `default`: the route's own log line. */
  onError: 'report' | 'default';
  integrationId: string;
  /** Absent: no token configured (nor `FYNO_INAPP_TOKEN`), which the route must refuse to work without. */
  integrationToken?: string;
  url: string;
  registerToken?: boolean;
  /** `userId` maps the distinct id to this prefix plus the distinct id. */
  userIdPrefix?: string;
  /**
   * Settings the host reads from its own secret store instead (`FYNO_API_KEY` for the client's
   * `apiKey`, `FYNO_INAPP_TOKEN` for `integrationToken`), which the recipe then leaves out: Bun.env,
   * Deno.env, a Worker's `env` (`SessionSuiteOptions.hostSecrets`).
   */
  fromHost?: Array<'apiKey' | 'integrationToken'>;
}

/** One app the suite started. */
export interface StartedSessionApp {
  url: string;
  close(): Promise<void>;
  /** A host in another process: what its `onError` got and its console printed since the last call. */
  sync?: () => Promise<SuiteSync>;
}

/** What an adapter's or host's test file passes in. */
export interface SessionSuiteOptions {
  /**
   * Mounts the session route with `options` on a fresh app on 127.0.0.1; `url` is its full URL. A host
   * in another process builds the same options from `recipe` instead, and returns `sync`.
   */
  start(options: SuiteSessionOptions, recipe: SessionSuiteRecipe): Promise<StartedSessionApp>;
  /** False when the app routes only POST to the route (e.g. Express's `app.post`). Default true. */
  answersOtherMethods?: boolean;
  /**
   * The host's own cross-site check in front of every route (the notify suite's `originCheck`). The
   * session POST carries no body and no Content-Type:
   * - `none` (default): the route answers a POST from another site's `Origin` itself;
   * - `foreign-origin` (Astro's `security.checkOrigin`): the host refuses that untyped POST from
   *   another site's `Origin` with its 403 before the route; one without `Origin` reaches the route;
   * - `own-origin-only` (SvelteKit 3's `csrf`): the host refuses it, and one without `Origin`, with
   *   its 403 before the route; so every other request carries the app's own `Origin`, as the
   *   browser page calling the route sends it.
   * A refused POST touches no profile.
   */
  originCheck?: 'none' | 'foreign-origin' | 'own-origin-only';
  /**
   * The `FYNO_INAPP_TOKEN` the host's process has (a built app's own session route reads it): a route
   * mounted without `integrationToken` then signs with it, as core documents, instead of answering
   * 500. The suite checks that signature. Default: none set, so the route must refuse.
   */
  envInappToken?: string;
  /**
   * The keys the host was started with in its own secret store (`FYNO_API_KEY`, `FYNO_INAPP_TOKEN`:
   * Bun.env, Deno.env, a Worker's `env`), as an app there gets them: the suite uses them as its keys,
   * and its recipes carry neither (`fromHost`). Default: random keys, sent in each recipe.
   */
  hostSecrets?: { apiKey: string; integrationToken: string };
  startEmulator(options: { port: 0; apiKey: string; inapp: { integrationId: string; integrationToken: string } }): Promise<SessionSuiteEmulator>;
  createClient(options: SessionSuiteClientOptions): Fyno;
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

/** Runs the whole session-route contract against one adapter or host. */
export function runInappSessionSuite(name: string, options: SessionSuiteOptions): void {
  describe(`in-app session route contract: ${name}`, () => {
    // Distinctive secrets, so a leak anywhere is found by a plain substring search.
    const apiKey = options.hostSecrets?.apiKey ?? `sk_suite_${randomUUID().replace(/-/g, '')}`;
    const integrationToken = options.hostSecrets?.integrationToken ?? `itok_suite_${randomUUID().replace(/-/g, '')}`;
    const integrationId = 'ISUITE01';
    const originCheck = options.originCheck ?? 'none';
    const texts: string[] = [];
    /** What reached `onError` (here, or on a host in another process through `sync`), oldest first. */
    const reported: Array<{ code: string; error: string }> = [];
    const consoleSpies: Array<{ mock: { calls: unknown[][] }; mockRestore(): void }> = [];
    const running: StartedSessionApp[] = [];
    let emu: SessionSuiteEmulator;
    let client: Fyno;

    const clientSettings = (): SessionSuiteClientOptions => ({
      baseUrl: emu.baseUrl,
      workspaceId: emu.workspaceId,
      apiKey,
      maxRetries: 0,
      timeoutMs: 5_000,
    });

    beforeAll(async () => {
      for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) consoleSpies.push(vi.spyOn(console, method));
      emu = await options.startEmulator({ port: 0, apiKey, inapp: { integrationId, integrationToken } });
      client = options.createClient(clientSettings());
    });

    afterAll(async () => {
      const logged = consoleSpies.flatMap((spy) => spy.mock.calls.map((args) => inspect(args, { depth: 8 })));
      for (const spy of consoleSpies) spy.mockRestore();
      await emu?.stop();
      await client?.close?.();
      for (const line of [...logged, ...texts, ...reported.map((r) => r.error)]) {
        expect(line).not.toContain(integrationToken);
        expect(line).not.toContain(apiKey);
      }
    });

    beforeEach(() => emu.clear());
    afterEach(async () => {
      await Promise.all(running.splice(0).map((r) => r.close()));
    });

    /** The options a recipe describes, built here for an adapter in this process. */
    function optionsOf(recipe: SessionSuiteRecipe): SuiteSessionOptions {
      const built: SuiteSessionOptions = {
        identify:
          recipe.identify === 'throws'
            ? () => {
                throw new Error('session store down');
              }
            : suiteIdentify,
        integrationId: recipe.integrationId,
        integrationToken: recipe.integrationToken,
        url: recipe.url,
        client,
      };
      if (recipe.onError === 'report') built.onError = (error, info) => void reported.push({ code: info.code, error: String(error) });
      if (recipe.registerToken !== undefined) built.registerToken = recipe.registerToken;
      const prefix = recipe.userIdPrefix;
      if (prefix !== undefined) built.userId = (distinctId: string) => `${prefix}${distinctId}`;
      return built;
    }

    async function mount(overrides: Partial<Omit<SessionSuiteRecipe, 'client' | 'url' | 'integrationId'>> = {}): Promise<string> {
      const recipe: SessionSuiteRecipe = {
        client: clientSettings(),
        identify: 'header',
        onError: 'default',
        integrationId,
        integrationToken,
        url: emu.inapp.url,
        ...overrides,
      };
      if ('integrationToken' in overrides && overrides.integrationToken === undefined) delete recipe.integrationToken;
      const app = await options.start(optionsOf(recipe), options.hostSecrets ? withoutSecrets(recipe) : recipe);
      running.push(app);
      return app.url;
    }

    /** The recipe as sent to a host that holds the keys itself: it names them instead of carrying them. */
    function withoutSecrets(recipe: SessionSuiteRecipe): SessionSuiteRecipe {
      const { integrationToken: token, ...rest } = recipe;
      const { apiKey: _key, ...client } = recipe.client;
      return { ...rest, client: client as SessionSuiteClientOptions, fromHost: token === undefined ? ['apiKey'] : ['apiKey', 'integrationToken'] };
    }

    /** Takes in what hosts in other processes reported and logged, as if they ran here. */
    async function syncRemote(): Promise<void> {
      for (const app of running) {
        if (!app.sync) continue;
        const { reports, logs } = await app.sync();
        reported.push(...reports);
        for (const args of logs) console.error(...args);
      }
    }

    async function post(url: string, user?: string, init: { method?: string; origin?: string | null } = {}) {
      const headers: Record<string, string> = user === undefined ? {} : { 'x-test-user': user };
      // A page of the app sends its own Origin; the suite does where the host refuses writes without it.
      const origin = init.origin === undefined ? (originCheck === 'own-origin-only' ? new URL(url).origin : null) : init.origin;
      if (origin !== null) headers.origin = origin;
      const res = await fetch(url, { method: init.method ?? 'POST', headers });
      const text = await res.text();
      await syncRemote();
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
      const answer = await post(await mount(), 'u_ana', { method: 'GET' });
      if (options.answersOtherMethods === false) {
        expect(answer.status).toBe(404);
        return;
      }
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe('POST');
      expect(answer.json.error.code).toBe('method_not_allowed');
    });

    it("a POST from another site's page: the route's session, or the host's own 403 before the route (originCheck)", async () => {
      const url = await mount();
      const id = `u_${randomUUID().slice(0, 8)}`;
      const foreign = await post(url, id, { origin: 'https://evil.example' });
      const withoutOrigin = await post(url, id, { origin: null });
      const refusedBy: Record<typeof originCheck, Array<typeof foreign>> = {
        none: [],
        'foreign-origin': [foreign],
        'own-origin-only': [foreign, withoutOrigin],
      };
      const refused = refusedBy[originCheck];
      for (const answer of [foreign, withoutOrigin]) {
        expect(answer.text).not.toContain(integrationToken);
        if (refused.includes(answer)) expect(answer.status).toBe(403);
        else expect([answer.status, answer.json?.userId]).toEqual([200, id]);
      }
      // Refused before the route: no profile was made or given the token.
      if (refused.length === 2) expect(await profile(id)).toBeUndefined();
      else expect((await profile(id)).channel.inapp).toEqual([{ token: id, integration_id: integrationId, status: 1 }]);
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
      const url = await mount({ registerToken: false, userIdPrefix: 'inapp-' });
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
      const url = await mount({ identify: 'throws', onError: 'report' });
      const mark = reported.length;
      const answer = await post(url, 'u_ana');
      expect(answer.status).toBe(500);
      expect(answer.json).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
      expect(answer.text).not.toContain('session store down');
      expect(reported.slice(mark).map((r) => r.code)).toEqual(['internal_error']);
    });

    it('without an integration token configured → 500 internal_error, and the log line names no value (or FYNO_INAPP_TOKEN signs)', async () => {
      const url = await mount({ integrationToken: undefined, onError: 'report' });
      const mark = reported.length;
      const answer = await post(url, 'u_ana');
      if (options.envInappToken !== undefined) {
        expect(answer.status).toBe(200);
        expect(answer.json.signature).toBe(
          createHmac('sha256', emu.workspaceId + options.envInappToken)
            .update('u_ana')
            .digest('hex'),
        );
        expect(answer.text).not.toContain(options.envInappToken);
        expect(reported.slice(mark)).toEqual([]);
        return;
      }
      expect(answer.status).toBe(500);
      expect(answer.json.error.code).toBe('internal_error');
      expect(reported[mark]?.error).toMatch(/FYNO_INAPP_TOKEN/);
    });

    it('still opens the inbox when registering the token fails upstream, and reports it', async () => {
      const url = await mount({ onError: 'report' });
      const mark = reported.length;
      // The profile write (the route's first call upstream) gets a 503.
      emu.failNext(1, { status: 503 });
      const answer = await post(url, 'u_ana');
      expect(answer.status).toBe(200);
      expect(reported.slice(mark).map((r) => r.code)).toEqual(['upstream_error']);
    });
  });
}
