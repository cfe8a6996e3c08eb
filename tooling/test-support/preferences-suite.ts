/**
 * The preferences route's contract, written once and run over real HTTP against every adapter and
 * host, with the emulator upstream. Every refusal is checked three ways: the status, the JSON error
 * shape, and that nothing changed upstream (no write reached the emulator, and what it stores for the
 * user is what it was). It imports only vitest and Node built-ins: the adapter, the emulator and the
 * client are passed in.
 */
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

/** What the policy shows, as data: the same for every run of the suite. */
export const SUITE_PREFERENCE_TOPICS = { SORDERS001: { channels: ['email', 'sms'] }, SSECURITY1: true } as const;
/** The global switches the suite's policy shows. */
export const SUITE_PREFERENCE_GLOBAL = ['sms'] as const;

/** A preferences policy, structurally (the suite cannot import `@fyno-kit/core`). */
export interface SuitePreferencesPolicy {
  identify: (request: any) => string | null | undefined | Promise<string | null | undefined>;
  topics: Record<string, true | { channels: readonly string[] }>;
  global?: readonly string[];
  client?: any;
  maxBodyBytes?: number;
  rateLimit?: { limit?: number; windowMs?: number } | false;
  onError?: (error: unknown, info: { distinctId?: string; code: string }) => void;
}

/**
 * The same policy as data, for a host in another process (Bun, Deno, workerd): the host builds it
 * with `preferencesPolicyOf` (tooling/test-support/hosts/suite-app.js). The user is the `x-test-user` header.
 */
export interface SuitePreferencesRecipe {
  client: { baseUrl: string; workspaceId: string; apiKey: string; maxRetries: number; timeoutMs: number };
  topics: SuitePreferencesPolicy['topics'];
  global: readonly string[];
  maxBodyBytes?: number;
  rateLimit?: { limit?: number; windowMs?: number } | false;
}

/** The emulator controls the suite uses (`startEmulator()`'s result fits). */
export interface PreferencesSuiteEmulator {
  readonly baseUrl: string;
  readonly workspaceId: string;
  readonly apiKey: string;
  messages(filter?: { distinct_id?: string; event?: string }): readonly unknown[] | Promise<readonly unknown[]>;
  requests(): readonly { method: string; path: string }[] | Promise<readonly { method: string; path: string }[]>;
  clear(): void;
  stop(): Promise<void>;
}

/** What an adapter's or host's test file passes in. */
export interface PreferencesSuiteOptions {
  /**
   * Mounts the route with `policy` (or, in another process, the policy `recipe` describes) on a fresh
   * app on 127.0.0.1; `url` is the route's full URL. `appErrors` lists what reached the app's own
   * error handler (it must stay empty).
   */
  start(policy: SuitePreferencesPolicy, recipe: SuitePreferencesRecipe): Promise<{ url: string; close(): Promise<void>; appErrors?: () => readonly unknown[] }>;
  /** False when the app routes only GET and POST to the route: other methods are the app's 404. Default true. */
  answersOtherMethods?: boolean;
  /**
   * True where the platform's own parsers read the body before the route's controller (Nest's, set
   * up by the app): a body they cannot parse (malformed JSON; on Fastify, a type it has no parser
   * for) gets the platform's 400 or 415, in its shape. The status and "nothing changed" are still
   * checked. Default false: the route answers every such body itself.
   */
  platformParsesBody?: boolean;
  /**
   * Every request carries the app's own `Origin`, as the browser page calling the route sends it:
   * for a host whose cross-site check refuses form-typed or untyped writes without it (SvelteKit 3;
   * the notify suite's `originCheck` tests that check itself). Default false.
   */
  sendsOwnOrigin?: boolean;
  startEmulator(options: { port: 0; events: string[]; apiKey: string }): Promise<PreferencesSuiteEmulator>;
  /** Builds a client (`new Fyno(options)`): the route's, and the suite's own for profiles, fires and reads. */
  createClient(options: SuitePreferencesRecipe['client']): unknown;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** Reads a header the same way from a Node/Express/Nest/Fastify request and from a web `Request`. */
function headerOf(request: any, name: string): string | undefined {
  const headers = request?.headers;
  if (headers && typeof headers.get === 'function') return headers.get(name) ?? undefined;
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

const ERROR_SHAPE = (code: string) => ({ error: { code, message: expect.any(String) } });

/** Runs the whole preferences-route contract against one adapter or host. */
export function runPreferencesSuite(name: string, options: PreferencesSuiteOptions): void {
  describe(`preferences route contract: ${name}`, () => {
    const apiKey = `sk_suite_${randomUUID().replace(/-/g, '')}`;
    const consoleSpies: Array<{ mock: { calls: unknown[][] }; mockRestore(): void }> = [];
    const running: Array<{ close(): Promise<void>; appErrors?: () => readonly unknown[] }> = [];
    const texts: string[] = [];
    let emu: PreferencesSuiteEmulator;
    let own: any;

    const clientSettings = (): SuitePreferencesRecipe['client'] => ({
      baseUrl: emu.baseUrl,
      workspaceId: emu.workspaceId,
      apiKey,
      maxRetries: 0,
      timeoutMs: 5_000,
    });

    beforeAll(async () => {
      for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) consoleSpies.push(vi.spyOn(console, method));
      emu = await options.startEmulator({ port: 0, events: ['order_shipped', 'password_reset'], apiKey });
      own = options.createClient(clientSettings());
    });

    afterAll(async () => {
      const logged = consoleSpies.flatMap((spy) => spy.mock.calls.map((args) => inspect(args, { depth: 8 })));
      for (const spy of consoleSpies) spy.mockRestore();
      await own?.close?.();
      await emu?.stop();
      for (const line of [...logged, ...texts]) expect(line).not.toContain(apiKey);
    });

    beforeEach(() => emu.clear());
    afterEach(async () => {
      const errors = running.flatMap((r) => r.appErrors?.() ?? []);
      await Promise.all(running.splice(0).map((r) => r.close()));
      expect(errors).toEqual([]);
    });

    async function mount(overrides: Partial<Omit<SuitePreferencesRecipe, 'client'>> = {}): Promise<string> {
      const recipe: SuitePreferencesRecipe = { client: clientSettings(), topics: SUITE_PREFERENCE_TOPICS, global: SUITE_PREFERENCE_GLOBAL, ...overrides };
      const routeClient = options.createClient(recipe.client);
      const policy: SuitePreferencesPolicy = {
        identify: async (request) => {
          await Promise.resolve();
          return headerOf(request, 'x-test-user') ?? null;
        },
        topics: recipe.topics,
        global: recipe.global,
        client: routeClient,
        ...(recipe.maxBodyBytes === undefined ? {} : { maxBodyBytes: recipe.maxBodyBytes }),
        ...(recipe.rateLimit === undefined ? {} : { rateLimit: recipe.rateLimit }),
      };
      const started = await options.start(policy, recipe);
      running.push({
        ...started,
        close: async () => {
          await started.close();
          await (routeClient as { close?: () => Promise<void> }).close?.();
        },
      });
      return started.url;
    }

    async function send(
      url: string,
      init: { method?: string; user?: string; body?: string; headers?: Record<string, string>; platformAnswer?: boolean } = {},
    ): Promise<Answer> {
      const headers: Record<string, string> = { ...init.headers };
      if (init.user !== undefined) headers['x-test-user'] = init.user;
      if (init.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
      if (options.sendsOwnOrigin) headers.origin = new URL(url).origin;
      const res = await fetch(url, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        ...(init.body === undefined ? {} : { body: init.body }),
      });
      const text = await res.text();
      texts.push(text);
      let json: any;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      // Whatever the outcome: uncacheable JSON (unless the app's own platform answered).
      if (res.status !== 404 && init.platformAnswer !== true) {
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(res.headers.get('cache-control')).toBe('no-store');
      }
      return { status: res.status, headers: res.headers, text, json };
    }

    const change = (url: string, user: string | undefined, changes: unknown, extra: { headers?: Record<string, string> } = {}) =>
      send(url, { user, body: JSON.stringify({ changes }), ...extra });

    /** A user with a profile (email and sms destinations), as the app made at sign-up. */
    async function user(prefix = 'u'): Promise<string> {
      const id = `${prefix}_${randomUUID().slice(0, 8)}`;
      await own.profiles.create({ distinct_id: id, channel: { email: `${id}@example.com`, sms: '+15550001111' } });
      // From here on, the emulator's request log holds only what the route (or the test) sends.
      emu.clear();
      return id;
    }

    /** What the emulator stores for `id` (S1), or `missing` when it has no profile. */
    async function stored(id: string): Promise<unknown> {
      try {
        return await own.preferences.get(id);
      } catch (error) {
        if ((error as { status?: unknown }).status === 400) return 'missing';
        throw error;
      }
    }

    /** Nothing but reads reached the emulator since the last `clear()`. */
    async function onlyReads(): Promise<void> {
      const writes = (await emu.requests()).filter((r) => r.method !== 'GET');
      expect(writes).toEqual([]);
    }

    /** Sends, expects the refusal, and checks that the user's stored preferences did not move. */
    async function refused(id: string, send: () => Promise<Answer>, status: number, code: string): Promise<Answer> {
      const before = await stored(id);
      emu.clear();
      const answer = await send();
      expect([answer.status, answer.json]).toEqual([status, ERROR_SHAPE(code)]);
      await onlyReads();
      expect(await stored(id)).toEqual(before);
      return answer;
    }

    it('signed out → 401 on read and on write, and nothing reaches Fyno', async () => {
      const url = await mount();
      const read = await send(url);
      expect([read.status, read.json]).toEqual([401, ERROR_SHAPE('unauthorized')]);
      const write = await change(url, undefined, [{ topic: 'SORDERS001', channel: 'email', on: false }]);
      expect([write.status, write.json]).toEqual([401, ERROR_SHAPE('unauthorized')]);
      expect(await emu.requests()).toEqual([]);
    });

    it('read → only the topics and channels the policy shows, with the effective state and required marked', async () => {
      const id = await user();
      const answer = await send(await mount(), { user: id });
      expect(answer.status).toBe(200);
      expect(answer.json.global).toEqual([{ channel: 'sms', on: true }]);
      expect(answer.json.sections.map((s: { name: string; topics: { id: string }[] }) => [s.name, s.topics.map((t) => t.id)])).toEqual([
        ['Orders', ['SORDERS001']],
        ['Account', ['SSECURITY1']],
      ]);
      const [orders, account] = answer.json.sections.map((s: { topics: unknown[] }) => s.topics[0]);
      expect(orders).toMatchObject({ id: 'SORDERS001', name: 'Order updates' });
      expect(orders.channels).toEqual([
        { channel: 'email', on: true, required: false },
        { channel: 'sms', on: true, required: false },
      ]);
      expect(account.channels).toContainEqual({ channel: 'email', on: true, required: true });
      expect(answer.text).not.toContain('SNEWS00001');
      expect(answer.text).not.toContain('push');
      await onlyReads();
    });

    it("another user's id smuggled in the body → 400, and neither user's preferences change", async () => {
      const [me, victim] = [await user('me'), await user('victim')];
      const url = await mount();
      const before = await stored(victim);
      const email = { topic: 'SORDERS001', channel: 'email', on: false };
      for (const body of [
        { changes: [email], distinct_id: victim },
        { changes: [email], distinctId: victim },
        { changes: [{ ...email, distinct_id: victim }] },
        { changes: [email], user: { id: victim } },
      ]) {
        await refused(me, () => send(url, { user: me, body: JSON.stringify(body) }), 400, 'invalid_body');
      }
      expect(await stored(victim)).toEqual(before);
    });

    it("another user's id smuggled in the query or a header is never used: the answer and the change are the caller's own", async () => {
      const [me, victim] = [await user('me'), await user('victim')];
      const url = await mount();
      const victimBefore = await stored(victim);
      emu.clear();
      const smuggle = { 'x-distinct-id': victim, 'x-user-id': victim, 'x-fyno-distinct-id': victim };
      const read = await send(`${url}?distinct_id=${victim}&distinctId=${victim}`, { user: me, headers: smuggle });
      expect(read.status).toBe(200);
      const write = await change(`${url}?distinct_id=${victim}`, me, [{ topic: 'SORDERS001', channel: 'email', on: false }], { headers: smuggle });
      expect(write.status).toBe(200);
      expect(write.json.sections[0].topics[0].channels[0]).toEqual({ channel: 'email', on: false, required: false });
      const sent = (await emu.requests()).map((r) => r.path);
      expect(sent.join('\n')).toContain(me);
      expect(sent.join('\n')).not.toContain(victim);
      expect(((await stored(me)) as any).result.Orders[0].preference.email).toBe('opted-out');
      expect(await stored(victim)).toEqual(victimBefore);
    });

    it('a hidden topic, a hidden channel of a shown topic, or a hidden global switch → 403, nothing changed', async () => {
      const id = await user();
      const url = await mount();
      for (const changes of [
        [{ topic: 'SNEWS00001', channel: 'email', on: true }],
        [{ topic: 'SORDERS001', channel: 'push', on: false }],
        [{ topic: 'all', channel: 'email', on: false }],
        // One allowed change does not carry a hidden one through: all or nothing.
        [
          { topic: 'SORDERS001', channel: 'email', on: false },
          { topic: 'SNEWS00001', channel: 'sms', on: true },
        ],
        [{ topic: 'S_UNKNOWN1', channel: 'email', on: true }],
        [{ topic: '__proto__', channel: 'email', on: true }],
      ]) {
        const answer = await refused(id, () => change(url, id, changes), 403, 'topic_not_allowed');
        // The refusal never lists what exists.
        expect(answer.text).not.toContain('SORDERS001');
      }
    });

    it('a change to a required channel → 409 channel_required, off or on, nothing changed', async () => {
      const id = await user();
      const url = await mount();
      await refused(id, () => change(url, id, [{ topic: 'SSECURITY1', channel: 'email', on: false }]), 409, 'channel_required');
      await refused(id, () => change(url, id, [{ topic: 'SSECURITY1', channel: 'email', on: true }]), 409, 'channel_required');
      await refused(
        id,
        () =>
          change(url, id, [
            { topic: 'SORDERS001', channel: 'sms', on: false },
            { topic: 'SSECURITY1', channel: 'email', on: false },
          ]),
        409,
        'channel_required',
      );
    });

    it('an oversized body → 413, nothing changed', async () => {
      const id = await user();
      const url = await mount({ maxBodyBytes: 256 });
      const many = Array.from({ length: 40 }, () => ({ topic: 'SORDERS001', channel: 'email', on: false }));
      await refused(id, () => change(url, id, many), 413, 'payload_too_large');
    });

    it('a body that is not JSON → 415 (a form, text), or 400 when it claims JSON and is not, nothing changed', async () => {
      const id = await user();
      const url = await mount();
      const body = JSON.stringify({ changes: [{ topic: 'SORDERS001', channel: 'email', on: false }] });
      const platformAnswer = options.platformParsesBody === true;
      /** The route's refusal, or (where the platform parses first) at least the status, and nothing changed. */
      const refusedByEither = async (go: () => Promise<Answer>, status: number, code: string): Promise<void> => {
        if (!platformAnswer) {
          await refused(id, go, status, code);
          return;
        }
        const before = await stored(id);
        emu.clear();
        expect((await go()).status).toBe(status);
        await onlyReads();
        expect(await stored(id)).toEqual(before);
      };
      for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
        await refusedByEither(() => send(url, { user: id, body, headers: { 'content-type': type }, platformAnswer }), 415, 'unsupported_media_type');
      }
      await refusedByEither(
        () => send(url, { user: id, body: '{"changes": [', headers: { 'content-type': 'application/json' }, platformAnswer }),
        400,
        'invalid_json',
      );
      await refused(id, () => change(url, id, []), 400, 'invalid_body');
    });

    it('rate limited per user → 429 with Retry-After, nothing changed; another user is not limited', async () => {
      const [id, other] = [await user(), await user()];
      const url = await mount({ rateLimit: { limit: 2, windowMs: 60_000 } });
      expect((await send(url, { user: id })).status).toBe(200);
      expect((await change(url, id, [{ topic: 'SORDERS001', channel: 'sms', on: false }])).status).toBe(200);
      const answer = await refused(id, () => change(url, id, [{ topic: 'SORDERS001', channel: 'email', on: false }]), 429, 'rate_limited');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await send(url, { user: other })).status).toBe(200);
    });

    it('other methods → 405 with Allow: GET, POST (or the app leaves them to its 404)', async () => {
      const id = await user();
      const answer = await send(await mount(), { user: id, method: 'DELETE' });
      if (options.answersOtherMethods === false) {
        expect(answer.status).toBe(404);
      } else {
        expect([answer.status, answer.json, answer.headers.get('allow')]).toEqual([405, ERROR_SHAPE('method_not_allowed'), 'GET, POST']);
      }
      expect(await emu.requests()).toEqual([]);
    });

    it('a signed-in user without a profile reads the defaults; the first write creates the profile (upsert)', async () => {
      const id = `u_new_${randomUUID().slice(0, 8)}`;
      const url = await mount();
      const read = await send(url, { user: id });
      expect(read.status).toBe(200);
      expect(read.json.sections[0].topics[0].channels).toEqual([
        { channel: 'email', on: true, required: false },
        { channel: 'sms', on: true, required: false },
      ]);
      expect(await stored(id)).toBe('missing');
      const write = await change(url, id, [
        { topic: 'SORDERS001', channel: 'sms', on: false },
        { topic: 'all', channel: 'sms', on: false },
      ]);
      expect(write.status).toBe(200);
      expect(write.json.global).toEqual([{ channel: 'sms', on: false }]);
      const after = (await stored(id)) as any;
      expect(after.result.Orders[0].preference.sms).toBe('opted-out');
      expect(after.meta.all.preference).toEqual({ sms: 'opted-out' });
      // Read back through the route, as a reload of the settings page would.
      expect((await send(url, { user: id })).json).toEqual(write.json);
    });

    it('a write really changes delivery: email off for order updates, and the next order_shipped skips email', async () => {
      const id = await user();
      const url = await mount();
      await own.fire('order_shipped', { distinct_id: id });
      expect((await change(url, id, [{ topic: 'SORDERS001', channel: 'email', on: false }])).status).toBe(200);
      const fired = await own.fire('order_shipped', { distinct_id: id });
      expect(Object.keys(fired.response ?? {})).not.toContain('email');
      const [first, second] = (await emu.messages({ distinct_id: id })) as Array<{ skipped?: Record<string, { reason: string }> }>;
      expect(first?.skipped?.email).toBeUndefined();
      expect(second?.skipped?.email?.reason).toBe('topic_opt_out');
    });
  });
}
