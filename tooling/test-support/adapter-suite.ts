/**
 * The notify route's contract, written once and run over real HTTP against every adapter (Express 4,
 * Express 5, the web-standard handler, Nest), with the emulator upstream. It imports only vitest and
 * Node built-ins: the adapter, the emulator, the client and the validator are passed in.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { inspect } from 'node:util';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { slowBodyCase, type SlowBodyBound } from './slow-body-case';

export { SUITE_REQUEST_TIMEOUT_MS } from './slow-body-case';

/** The stable error codes of the notify route (the table in the core README). */
export const SUITE_ERROR_CODES = [
  'method_not_allowed',
  'unsupported_media_type',
  'payload_too_large',
  'request_timeout',
  'invalid_json',
  'invalid_body',
  'forbidden_field',
  'unauthorized',
  'event_not_allowed',
  'rate_limited',
  'rate_limiter_unavailable',
  'invalid_data',
  'upstream_rejected',
  'upstream_rate_limited',
  'upstream_error',
  'upstream_unavailable',
  'upstream_timeout',
  'internal_error',
] as const;

/** One message as the emulator recorded it (the fields the suite reads). */
export interface SuiteMessage {
  event: string;
  distinct_id?: string;
  data?: unknown;
  to?: Record<string, string>;
  callback?: unknown;
  idempotency_key?: string;
  request_id: string;
}

/** The emulator controls the suite uses (`@fyno-kit/emulator`'s `startEmulator()` result fits). */
export interface SuiteEmulator {
  readonly baseUrl: string;
  readonly workspaceId: string;
  readonly apiKey: string;
  messages(filter?: { distinct_id?: string; event?: string }): readonly SuiteMessage[] | Promise<readonly SuiteMessage[]>;
  requests(): readonly unknown[] | Promise<readonly unknown[]>;
  clear(): void;
  failNext(count: number, fault: { status: number; retryAfterS?: number } | 'reset' | { stallMs: number }): void;
  stop(): Promise<void>;
}

/** A notify policy, structurally (the suite cannot import `@fyno-kit/core`). */
export interface SuitePolicy {
  identify: (request: any) => string | null | undefined | Promise<string | null | undefined>;
  events: Record<string, { data?: any; to?: (ctx: any) => any; callback?: (ctx: any) => any }>;
  client?: any;
  maxBodyBytes?: number;
  rateLimit?: { limit?: number; windowMs?: number } | false;
  bodyTimeoutMs?: number;
  onError?: (error: unknown, info: { event?: string; distinctId?: string; code: string }) => void;
}

/**
 * The same policy as data, for a host in another process (Bun, Deno, workerd): the host builds the
 * suite's standard policy from it (tooling/test-support/hosts/suite-app.js).
 */
export interface SuiteRecipe {
  /** `header`: the user is the `x-test-user` header; `log-probe`: also throws for `throws` and returns a number for `number`. */
  identify: 'header' | 'log-probe';
  /** The options the route's client is built with. */
  client: { baseUrl: string; workspaceId: string; apiKey: string; maxRetries: number; timeoutMs: number };
  /** `report`: errors go to `onError` and come back through `sync`; `default`: the route's own log line. */
  onError: 'report' | 'default';
  maxBodyBytes?: number;
  rateLimit?: { limit?: number; windowMs?: number } | false;
  bodyTimeoutMs?: number;
}

/** What a host in another process hands back since the last `sync`: what `onError` got, and its console calls. */
export interface SuiteSync {
  reports: Array<{ code: string; error: string }>;
  logs: unknown[][];
}

/** What an adapter's test file passes in. */
export interface AdapterSuiteOptions {
  /**
   * Mounts `policy` on a fresh app listening on 127.0.0.1; `url` is the route's full URL.
   * `appErrors` lists what reached the app's own error handler (it must stay empty). A host in
   * another process builds the policy from `recipe` instead, and returns `sync`, which the suite
   * calls after every answer to take in that host's `onError` reports and console lines.
   */
  start(
    policy: SuitePolicy,
    recipe: SuiteRecipe,
  ): Promise<{ url: string; close(): Promise<void>; appErrors?: () => readonly unknown[]; sync?: () => Promise<SuiteSync> }>;
  /**
   * False when a framework parser in front of the route reads the body (then a slow or aborted
   * upload is that parser's business, not the route's). Default true.
   */
  routeReadsBody?: boolean;
  /**
   * False where the host's server keeps a connection open after the route's 408 (Deno's `Deno.serve`
   * does, until the sender finishes): the 408 must still arrive in time. Default true.
   */
  closesStalledConnections?: boolean;
  /**
   * True where the runtime's `fetch` itself re-sends a request whose reused connection was reset
   * (Deno's does, with the same headers): the route then answers 202, and the Idempotency-Key keeps
   * it to one message. Default false: the reset reaches the route as 503.
   */
  fetchRetriesReset?: boolean;
  /**
   * True where the server drops the connection once the route stops reading an oversize streamed
   * body (workerd does): a client still sending then sees the connection cut instead of the 413.
   * Nothing may be sent upstream either way. Default false: the 413 always arrives.
   */
  cutsOversizeStream?: boolean;
  /**
   * True where the host's request bridge destroys the connection when the route cancels the request
   * body (SvelteKit's `@sveltejs/kit/node` calls `req.destroy()` on cancel): a stalled upload is then
   * cut within the route's `bodyTimeoutMs` instead of answered 408, and an oversize stream is cut as
   * with `cutsOversizeStream`. Nothing is sent upstream either way. Default false.
   */
  cutsCancelledBody?: boolean;
  /**
   * What ends a body sent one byte at a time (slow-body-case.ts): the route's `bodyTimeoutMs`
   * ('route', the default), or the server's `requestTimeout` ('server': `start` must then serve with
   * `requestTimeout` at most SUITE_REQUEST_TIMEOUT_MS).
   */
  slowBody?: SlowBodyBound;
  /**
   * The host's own cross-site check in front of every route (browsers send `Origin`; fetch from a
   * server sends none). The suite asserts the host's 403 (its own text, nothing sent upstream) where
   * it refuses, and the route's answer for the same request from the app's own origin:
   * - `none` (default): no check; the route answers whatever the `Origin`.
   * - `foreign-origin`: a form-typed POST (`text/plain`, urlencoded, multipart) whose `Origin` is
   *   another site's is refused (Astro's `security.checkOrigin`).
   * - `own-origin-only`: every POST, PUT, PATCH or DELETE that is form-typed or has no Content-Type is
   *   refused unless its `Origin` is the app's own, also when it has none (SvelteKit 3's `csrf`).
   */
  originCheck?: 'none' | 'foreign-origin' | 'own-origin-only';
  /** `startEmulator` from `@fyno-kit/emulator`. */
  startEmulator(options: { port: 0; events: string[]; apiKey: string }): Promise<SuiteEmulator>;
  /** Builds a client (`new Fyno(options)`) for the route to send with. */
  createClient(options: { baseUrl: string; workspaceId: string; apiKey: string; maxRetries: number; timeoutMs: number }): unknown;
  /** A validator that accepts `{ order: string }` and strips other keys, e.g. `z.object({ order: z.string() })`. */
  orderSchema: unknown;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** Reads a header the same way from a Node/Express/Nest request and from a web `Request`. */
function headerOf(request: any, name: string): string | undefined {
  const headers = request?.headers;
  if (headers && typeof headers.get === 'function') return headers.get(name) ?? undefined;
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

const JSON_TYPE = 'application/json';

/** What came back on a raw socket: the status and body, and whether the server closed the socket. */
interface RawAnswer {
  status: number | undefined;
  body: string;
  closedByServer: boolean;
}

/** Decodes an HTTP/1.1 chunked body (ASCII JSON here, so characters and bytes agree). */
function unchunk(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = text.indexOf('\r\n', at);
    if (eol < 0) return out;
    const size = Number.parseInt(text.slice(at, eol), 16);
    if (!(size > 0)) return out;
    out += text.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/**
 * Sends a POST by hand over a socket: the headers, a part of the announced body, then waits for the
 * answer ('wait'), half-closes ('fin') or resets ('rst'). What fetch cannot do.
 */
function rawRequest(url: string, init: { contentLength: number; sendBytes: string; then: 'wait' | 'fin' | 'rst'; user?: string }): Promise<RawAnswer> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    let closedByServer = false;
    const timer = setTimeout(() => socket.destroy(), 8_000);
    socket.on('connect', () => {
      socket.write(
        `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
          `X-Test-User: ${init.user ?? 'u_raw'}\r\nContent-Length: ${init.contentLength}\r\n\r\n${init.sendBytes}`,
      );
      if (init.then === 'fin') setTimeout(() => socket.end(), 20);
      if (init.then === 'rst') setTimeout(() => socket.resetAndDestroy(), 20);
    });
    let grace: ReturnType<typeof setTimeout> | undefined;
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      // A whole answer is in: give the server a second to close, then stop waiting (a host that keeps
      // the connection open answers `closedByServer: false`, not a timeout).
      const split = received.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)\r\n/i.exec(received.slice(0, split + 2))?.[1];
      if (init.then === 'wait' && grace === undefined && split >= 0 && length !== undefined && received.length - split - 4 >= Number(length)) {
        grace = setTimeout(() => socket.destroy(), 1_000);
      }
    });
    socket.on('end', () => (closedByServer = init.then === 'wait'));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      clearTimeout(grace);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      const split = received.indexOf('\r\n\r\n');
      let body = split < 0 ? '' : received.slice(split + 4);
      if (/\r\ntransfer-encoding: chunked\r\n/i.test(received.slice(0, split + 2))) body = unchunk(body);
      resolve({ status: status === undefined ? undefined : Number(status), body, closedByServer });
    });
    socket.on('timeout', reject);
  });
}

/** Runs the whole notify-route contract against one adapter. */
export function runAdapterSuite(name: string, options: AdapterSuiteOptions): void {
  describe(`notify route contract: ${name}`, () => {
    // Distinctive keys, so a leak anywhere is found by a plain substring search.
    const apiKey = `sk_suite_${randomUUID().replace(/-/g, '')}`;
    const wrongKey = `sk_wrong_${randomUUID().replace(/-/g, '')}`;
    const answers: Answer[] = [];
    const reported: Array<{ error: unknown; code: string }> = [];
    const consoleSpies: Array<{ mock: { calls: unknown[][] }; mockRestore(): void }> = [];
    const running: Array<{ close(): Promise<void>; appErrors?: () => readonly unknown[]; sync?: () => Promise<SuiteSync> }> = [];
    const clients: unknown[] = [];
    const clientOptions = new WeakMap<object, SuiteRecipe['client']>();
    const originCheck = options.originCheck ?? 'none';
    let emu: SuiteEmulator;

    beforeAll(async () => {
      for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) consoleSpies.push(vi.spyOn(console, method));
      emu = await options.startEmulator({ port: 0, events: ['order_shipped', 'password_reset'], apiKey });
    });

    afterAll(async () => {
      const logged = consoleSpies.flatMap((spy) => spy.mock.calls.map((args) => inspect(args, { depth: 8 })));
      for (const spy of consoleSpies) spy.mockRestore();
      await emu?.stop();
      for (const secret of [apiKey, wrongKey]) {
        for (const line of logged) expect(line).not.toContain(secret);
      }
    });

    beforeEach(() => emu.clear());

    afterEach(async () => {
      await Promise.all(running.splice(0).map((r) => r.close()));
      await Promise.all(clients.splice(0).map((c) => (c as { close?: () => Promise<void> }).close?.()));
    });

    function client(overrides: { apiKey?: string; timeoutMs?: number } = {}): unknown {
      const settings = {
        baseUrl: emu.baseUrl,
        workspaceId: emu.workspaceId,
        apiKey: overrides.apiKey ?? apiKey,
        // No retries: each upstream fault below must surface as it is, at once.
        maxRetries: 0,
        timeoutMs: overrides.timeoutMs ?? 5_000,
      };
      const c = options.createClient(settings);
      if (typeof c === 'object' && c !== null) clientOptions.set(c, settings);
      clients.push(c);
      return c;
    }

    function policy(overrides: Partial<SuitePolicy> = {}): SuitePolicy {
      return {
        identify: async (request) => {
          await Promise.resolve();
          return headerOf(request, 'x-test-user') ?? null;
        },
        events: {
          order_shipped: {
            data: options.orderSchema,
            to: (ctx: { distinctId: string }) => ({ email: `${ctx.distinctId}@dest.example` }),
            callback: () => ({ custom_id: 'cb-1' }),
          },
          password_reset: {},
          // Allowed here but unknown to the workspace: Fyno answers 400.
          not_in_workspace: {},
        },
        client: client(),
        onError: (error, info) => reported.push({ error, code: info.code }),
        ...overrides,
      };
    }

    /** What reached the error handlers of the apps started in this test. */
    const appErrors = () => running.flatMap((r) => r.appErrors?.() ?? []);
    /** Where the console spies stand now, to read only what a test logged. */
    const logMark = () => consoleSpies.map((spy) => spy.mock.calls.length);
    const loggedSince = (mark: number[]) => consoleSpies.flatMap((spy, i) => spy.mock.calls.slice(mark[i]));

    /** The policy `overrides` make, as data for a host in another process. */
    function recipeOf(full: SuitePolicy, overrides: Partial<SuitePolicy>, identify: SuiteRecipe['identify']): SuiteRecipe {
      const settings = clientOptions.get(full.client as object);
      if (settings === undefined) throw new Error('the suite policy has no client built by createClient');
      const recipe: SuiteRecipe = { identify, client: settings, onError: full.onError ? 'report' : 'default' };
      if ('maxBodyBytes' in overrides) recipe.maxBodyBytes = overrides.maxBodyBytes;
      if ('rateLimit' in overrides) recipe.rateLimit = overrides.rateLimit;
      if ('bodyTimeoutMs' in overrides) recipe.bodyTimeoutMs = overrides.bodyTimeoutMs;
      return recipe;
    }

    async function route(overrides: Partial<SuitePolicy> = {}, identify: SuiteRecipe['identify'] = 'header'): Promise<string> {
      const full = policy(overrides);
      const started = await options.start(full, recipeOf(full, overrides, identify));
      running.push(started);
      return started.url;
    }

    /** Takes in what hosts in other processes reported and logged, as if they ran here. */
    async function syncRemote(): Promise<void> {
      for (const started of running) {
        if (!started.sync) continue;
        const { reports, logs } = await started.sync();
        for (const report of reports) reported.push(report);
        for (const args of logs) console.error(...args);
      }
    }

    /** Sends a request and checks what every answer must be: JSON, uncacheable, secret-free. */
    async function send(
      url: string,
      init: { method?: string; user?: string; type?: string | null; body?: string | Uint8Array | ReadableStream<Uint8Array>; headers?: Record<string, string> },
    ): Promise<Answer> {
      const headers: Record<string, string> = { ...init.headers };
      if (init.user !== undefined) headers['x-test-user'] = init.user;
      if (init.type !== null) headers['content-type'] = init.type ?? JSON_TYPE;
      let body: BodyInit | undefined;
      // Bytes, so fetch adds no Content-Type of its own.
      if (typeof init.body === 'string') body = new TextEncoder().encode(init.body);
      else body = init.body as BodyInit | undefined;
      const res = await fetch(url, {
        method: init.method ?? 'POST',
        headers,
        body,
        ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
      const text = await res.text();
      await syncRemote();
      const method = init.method ?? 'POST';
      const answer: Answer = { status: res.status, headers: res.headers, text, json: method === 'HEAD' ? undefined : JSON.parse(text) };
      answers.push(answer);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-store');
      if (res.status >= 400 && method !== 'HEAD') {
        expect(Object.keys(answer.json)).toEqual(['error']);
        expect(SUITE_ERROR_CODES).toContain(answer.json.error.code);
        expect(typeof answer.json.error.message).toBe('string');
      }
      let raw = '';
      res.headers.forEach((value, key) => (raw += `${key}: ${value}\n`));
      for (const secret of [apiKey, wrongKey]) {
        expect(text).not.toContain(secret);
        expect(raw).not.toContain(secret);
      }
      return answer;
    }

    const post = (url: string, user: string | undefined, body: unknown, extra: { headers?: Record<string, string> } = {}) =>
      send(url, { user, body: JSON.stringify(body), ...extra });

    /** The host's own cross-site refusal (`originCheck`): 403 before the route, nothing sent upstream. */
    async function expectHostRefused(url: string, init: { type: string | null; origin?: string; method?: string; body?: string }): Promise<void> {
      const headers: Record<string, string> = { 'x-test-user': 'u_origin' };
      if (init.type !== null) headers['content-type'] = init.type;
      if (init.origin) headers.origin = init.origin;
      const res = await fetch(url, { method: init.method ?? 'POST', headers, body: new TextEncoder().encode(init.body ?? '{"event":"password_reset"}') });
      const text = await res.text();
      await syncRemote();
      for (const secret of [apiKey, wrongKey]) expect(text).not.toContain(secret);
      expect({ type: init.type, origin: init.origin, status: res.status }).toEqual({ type: init.type, origin: init.origin, status: 403 });
      expect(await emu.messages()).toHaveLength(0);
      expect(await emu.requests()).toHaveLength(0);
    }

    async function expectRejected(answer: Answer, status: number, code: string): Promise<void> {
      expect({ status: answer.status, code: answer.json?.error?.code }).toEqual({ status, code });
      expect(await emu.messages()).toHaveLength(0);
      expect(await emu.requests()).toHaveLength(0);
    }

    describe('accepted', () => {
      it('fires for the signed-in user: 202, channels without destinations, one message upstream', async () => {
        const url = await route();
        const res = await post(url, 'u_happy', { event: 'order_shipped', data: { order: 'A-1001' } });
        expect(res.status).toBe(202);
        expect(Object.keys(res.json).sort()).toEqual(['channels', 'event', 'received_time', 'request_id']);
        expect(res.json.event).toBe('order_shipped');
        expect(Object.keys(res.json.channels)).toEqual(['email']);
        expect(Object.keys(res.json.channels.email).sort()).toEqual(['msg_id', 'status']);
        expect(res.json.channels.email.status).toBe('ok');
        expect(res.text).not.toContain('@dest.example');
        const sent = await emu.messages({ distinct_id: 'u_happy' });
        expect(sent).toHaveLength(1);
        expect(sent[0]).toMatchObject({
          event: 'order_shipped',
          distinct_id: 'u_happy',
          data: { order: 'A-1001' },
          to: { email: 'u_happy@dest.example' },
          callback: { custom_id: 'cb-1' },
          request_id: res.json.request_id,
        });
        expect(await emu.messages()).toHaveLength(1);
      });

      it('sends the data as the rule transformed it (unknown keys stripped by the schema)', async () => {
        const url = await route();
        const res = await post(url, 'u_strip', { event: 'order_shipped', data: { order: 'A-2', admin: true } });
        expect(res.status).toBe(202);
        expect((await emu.messages({ distinct_id: 'u_strip' }))[0]?.data).toEqual({ order: 'A-2' });
      });

      it('accepts an empty rule with no data or any JSON-object data, and a charset parameter', async () => {
        const url = await route();
        expect((await send(url, { user: 'u_plain', body: '{"event":"password_reset"}', type: 'application/json; charset=UTF-8' })).status).toBe(202);
        expect((await post(url, 'u_plain', { event: 'password_reset', data: { nested: { a: [1, 2] } } })).status).toBe(202);
        const sent = await emu.messages({ distinct_id: 'u_plain' });
        expect(sent.map((m) => m.data)).toEqual([undefined, { nested: { a: [1, 2] } }]);
      });
    });

    describe('401 / 403: who asks, and for what', () => {
      it('401 unauthorized when nobody is signed in (no header, empty id)', async () => {
        const url = await route();
        await expectRejected(await post(url, undefined, { event: 'password_reset' }), 401, 'unauthorized');
        await expectRejected(await post(url, '', { event: 'password_reset' }), 401, 'unauthorized');
      });

      it('checks identity before the allow-list: a signed-out caller learns nothing about events', async () => {
        const url = await route();
        await expectRejected(await post(url, undefined, { event: 'no_such_event' }), 401, 'unauthorized');
      });

      it('403 event_not_allowed for an unknown event and for Object.prototype names', async () => {
        const url = await route();
        for (const event of ['no_such_event', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
          await expectRejected(await post(url, 'u_403', { event }), 403, 'event_not_allowed');
        }
      });

      it('403 names the event the caller sent (a typo shows), escaped and capped, and never lists the allowed ones', async () => {
        const url = await route();
        const typo = await post(url, 'u_403', { event: 'order_shiped' });
        await expectRejected(typo, 403, 'event_not_allowed');
        expect(typo.json.error.message).toBe('The event "order_shiped" cannot be sent from here.');
        expect(typo.text).not.toContain('order_shipped');
        expect(typo.text).not.toContain('password_reset');
        const hostile = `<img src=x onerror=alert(1)>"\n${'x'.repeat(200)}`;
        const res = await post(url, 'u_403', { event: hostile });
        await expectRejected(res, 403, 'event_not_allowed');
        expect(res.text).not.toContain('<img');
        expect(res.text).not.toContain('x'.repeat(65));
        expect(res.json.error.message).toBe(`The event "\\u003cimg src=x onerror=alert(1)\\u003e\\"\\n${'x'.repeat(34)}…" cannot be sent from here.`);
      });
    });

    describe('400: the body', () => {
      it('forbidden_field for `to` or `distinct_id`, whatever their value', async () => {
        const url = await route();
        await expectRejected(await post(url, 'u_400', { event: 'password_reset', to: { email: 'x@evil.example' } }), 400, 'forbidden_field');
        await expectRejected(await post(url, 'u_400', { event: 'password_reset', distinct_id: 'someone_else' }), 400, 'forbidden_field');
        await expectRejected(await post(url, 'u_400', { event: 'password_reset', to: null }), 400, 'forbidden_field');
      });

      it('invalid_body for unknown keys and wrong shapes', async () => {
        const url = await route();
        const bodies = [
          '{"event":"password_reset","extra":1}',
          '{"event":"password_reset","callback":{"custom_id":"x"}}',
          '{"event":"password_reset","__proto__":{"admin":true}}',
          '{}',
          '{"event":1}',
          '{"event":""}',
          '[]',
          'null',
          '"password_reset"',
          '42',
          `{"event":"password_reset","data":{"a":${'['.repeat(100)}${']'.repeat(100)}}}`,
        ];
        for (const body of bodies) await expectRejected(await send(url, { user: 'u_400', body }), 400, 'invalid_body');
      });

      it('invalid_json for malformed JSON, an empty body and bytes that are not UTF-8', async () => {
        const url = await route();
        for (const body of ['{', '{"event":"password_reset",}', 'not json', '']) {
          await expectRejected(await send(url, { user: 'u_400', body }), 400, 'invalid_json');
        }
        await expectRejected(await send(url, { user: 'u_400', body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }), 400, 'invalid_json');
      });

      it('invalid_data for data that is not a JSON object', async () => {
        const url = await route();
        for (const data of [[], 'text', 1, true, null]) {
          await expectRejected(await post(url, 'u_data', { event: 'password_reset', data }), 400, 'invalid_data');
        }
      });

      it('invalid_data with a short message when the schema rejects, without echoing the input', async () => {
        const url = await route();
        const huge = 'Z'.repeat(8_000);
        for (const data of [{ order: 5 }, {}, undefined, { order: { huge } }]) {
          const res = await post(url, 'u_zod', { event: 'order_shipped', data });
          await expectRejected(res, 400, 'invalid_data');
          expect(res.json.error.message.length).toBeLessThanOrEqual(200);
          expect(res.text).not.toContain('ZZZZ');
          expect(res.text).not.toMatch(/\n\s+at /);
        }
      });
    });

    describe('413 / 415 / 405: the request itself', () => {
      it('413 payload_too_large by Content-Length and by the bytes of a streamed (chunked) body', async () => {
        const url = await route();
        const big = JSON.stringify({ event: 'password_reset', data: { pad: 'x'.repeat(20_000) } });
        await expectRejected(await send(url, { user: 'u_413', body: big }), 413, 'payload_too_large');
        const chunk = new TextEncoder().encode('x'.repeat(4_096));
        let sentChunks = 0;
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"event":"password_reset","data":{"pad":"'));
          },
          pull(controller) {
            // 64 kB in all, with no Content-Length: only counting bytes can catch it.
            if (sentChunks++ < 16) controller.enqueue(chunk);
            else {
              controller.enqueue(new TextEncoder().encode('"}}'));
              controller.close();
            }
          },
        });
        const streamed = send(url, { user: 'u_413', body: stream });
        if (!options.cutsOversizeStream && !options.cutsCancelledBody) return expectRejected(await streamed, 413, 'payload_too_large');
        const answer = await streamed.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
        if (!(answer instanceof Error)) return expectRejected(answer, 413, 'payload_too_large');
        expect(await emu.requests()).toHaveLength(0);
      });

      it('honours a configured maxBodyBytes', async () => {
        const url = await route({ maxBodyBytes: 256 });
        const body = (pad: number) => JSON.stringify({ event: 'password_reset', data: { pad: 'y'.repeat(pad) } });
        await expectRejected(await send(url, { user: 'u_cap', body: body(300) }), 413, 'payload_too_large');
        expect((await send(url, { user: 'u_cap', body: body(150) })).status).toBe(202);
      });

      it('415 unsupported_media_type for anything but application/json', async () => {
        const url = await route();
        const body = '{"event":"password_reset"}';
        const formTypes: Array<string | null> = [
          'text/plain',
          'text/plain;charset=UTF-8',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
        ];
        for (const type of [...formTypes, 'application/json-patch+json', 'application/json; charset=latin1', null]) {
          const checked =
            originCheck === 'own-origin-only' ? formTypes.includes(type) || type === null : originCheck === 'foreign-origin' && formTypes.includes(type);
          if (!checked) {
            await expectRejected(await send(url, { user: 'u_415', body, type }), 415, 'unsupported_media_type');
            continue;
          }
          await expectHostRefused(url, { type, origin: 'https://evil.example' });
          if (originCheck === 'own-origin-only') await expectHostRefused(url, { type });
          else await expectRejected(await send(url, { user: 'u_415', body, type }), 415, 'unsupported_media_type');
          const own = await send(url, { user: 'u_415', body, type, headers: { origin: new URL(url).origin } });
          await expectRejected(own, 415, 'unsupported_media_type');
        }
        // Raw bytes in a coding the route does not decode.
        const gzip = await send(url, { user: 'u_415', body, headers: { 'content-encoding': 'gzip' } });
        await expectRejected(gzip, 415, 'unsupported_media_type');
        expect((await send(url, { user: 'u_415', body, headers: { 'content-encoding': 'identity' } })).status).toBe(202);
      });

      it('405 method_not_allowed with Allow: POST for other methods', async () => {
        const url = await route();
        for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
          // An untyped PUT/DELETE/PATCH passes a host's own-origin check only from the app's own origin.
          const own = originCheck === 'own-origin-only' && method !== 'GET';
          if (own) await expectHostRefused(url, { type: null, method, body: '{}' });
          const headers: Record<string, string> = own ? { origin: new URL(url).origin } : {};
          const res = await send(url, { method, user: 'u_405', type: null, headers, ...(method === 'GET' ? {} : { body: '{}' }) });
          await expectRejected(res, 405, 'method_not_allowed');
          expect(res.headers.get('allow')).toBe('POST');
        }
        const head = await send(url, { method: 'HEAD', user: 'u_405', type: null });
        expect(head.status).toBe(405);
      });
    });

    describe('429: the per-user rate limit', () => {
      it('refuses past the limit with Retry-After, per user, sending nothing more', async () => {
        const url = await route({ rateLimit: { limit: 2, windowMs: 60_000 } });
        const body = { event: 'password_reset' };
        expect((await post(url, 'u_rl', body)).status).toBe(202);
        expect((await post(url, 'u_rl', body)).status).toBe(202);
        const before = (await emu.requests()).length;
        const limited = await post(url, 'u_rl', body);
        expect({ status: limited.status, code: limited.json.error.code }).toEqual({ status: 429, code: 'rate_limited' });
        const retryAfter = Number(limited.headers.get('retry-after'));
        expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
        expect((await emu.requests()).length).toBe(before);
        expect(await emu.messages({ distinct_id: 'u_rl' })).toHaveLength(2);
        // Another user has a budget of their own.
        expect((await post(url, 'u_other', body)).status).toBe(202);
      });

      it('rateLimit: false turns the limiter off', async () => {
        const url = await route({ rateLimit: false });
        for (let i = 0; i < 25; i++) expect((await post(url, 'u_nolimit', { event: 'password_reset' })).status).toBe(202);
      });
    });

    describe('Idempotency-Key', () => {
      it('the same key twice from one user sends one message', async () => {
        const url = await route();
        const headers = { 'idempotency-key': 'click-1' };
        const first = await post(url, 'u_idem', { event: 'password_reset' }, { headers });
        const second = await post(url, 'u_idem', { event: 'password_reset' }, { headers });
        expect([first.status, second.status]).toEqual([202, 202]);
        expect(second.json.request_id).toBe(first.json.request_id);
        expect(await emu.messages({ distinct_id: 'u_idem' })).toHaveLength(1);
      });

      it('is namespaced: two users (or two events) with the same key send separately', async () => {
        const url = await route();
        const headers = { 'idempotency-key': 'shared-key' };
        expect((await post(url, 'u_a', { event: 'password_reset' }, { headers })).status).toBe(202);
        expect((await post(url, 'u_b', { event: 'password_reset' }, { headers })).status).toBe(202);
        expect((await post(url, 'u_a', { event: 'order_shipped', data: { order: 'A' } }, { headers })).status).toBe(202);
        const sent = await emu.messages();
        expect(sent.map((m) => m.distinct_id)).toEqual(['u_a', 'u_b', 'u_a']);
        const keys = sent.map((m) => m.idempotency_key);
        expect(new Set(keys).size).toBe(3);
        expect(keys).not.toContain('shared-key');
      });

      it('400 invalid_body for a key that is empty, too long or not visible ASCII', async () => {
        const url = await route();
        for (const key of ['k'.repeat(201), 'has space', 'tab\there']) {
          await expectRejected(await post(url, 'u_key', { event: 'password_reset' }, { headers: { 'idempotency-key': key } }), 400, 'invalid_body');
        }
        expect((await post(url, 'u_key', { event: 'password_reset' }, { headers: { 'idempotency-key': 'k'.repeat(200) } })).status).toBe(202);
      });
    });

    describe("upstream failures: stable codes, nothing of Fyno's in the answer", () => {
      async function expectUpstream(answer: Answer, status: number, code: string): Promise<void> {
        expect({ status: answer.status, code: answer.json.error.code }).toEqual({ status, code });
        expect(await emu.messages()).toHaveLength(0);
        expect(reported.at(-1)?.code).toBe(code);
      }

      it('Fyno 429 → 429 upstream_rate_limited with its Retry-After', async () => {
        const url = await route();
        emu.failNext(1, { status: 429, retryAfterS: 7 });
        const res = await post(url, 'u_up', { event: 'password_reset' });
        await expectUpstream(res, 429, 'upstream_rate_limited');
        expect(res.headers.get('retry-after')).toBe('7');
      });

      it('Fyno 503 → 502 upstream_error', async () => {
        const url = await route();
        emu.failNext(1, { status: 503 });
        await expectUpstream(await post(url, 'u_up', { event: 'password_reset' }), 502, 'upstream_error');
      });

      it('connection reset → 503 upstream_unavailable', async () => {
        const url = await route();
        emu.failNext(1, 'reset');
        const res = await post(url, 'u_up', { event: 'password_reset' });
        if (!options.fetchRetriesReset) return expectUpstream(res, 503, 'upstream_unavailable');
        // The runtime re-sent it: one message, under the one key the client sent both times.
        expect(res.status).toBe(202);
        expect(await emu.messages({ distinct_id: 'u_up' })).toHaveLength(1);
      });

      it('no answer in time → 504 upstream_timeout', async () => {
        const url = await route({ client: client({ timeoutMs: 150 }) });
        emu.failNext(1, { stallMs: 2_000 });
        await expectUpstream(await post(url, 'u_up', { event: 'password_reset' }), 504, 'upstream_timeout');
      });

      it('a wrong API key (Fyno 401) → 502 upstream_rejected; neither key is in the answer or the log', async () => {
        // No onError: the route's default log line is captured with the console and checked after the suite.
        const url = await route({ client: client({ apiKey: wrongKey }), onError: undefined });
        const res = await post(url, 'u_up', { event: 'password_reset' });
        expect({ status: res.status, code: res.json.error.code }).toEqual({ status: 502, code: 'upstream_rejected' });
        expect(res.json.error.message).not.toMatch(/Invalid API details/);
        expect(await emu.messages()).toHaveLength(0);
      });

      it("an event the workspace does not know (Fyno 400) → 502 upstream_rejected without Fyno's message", async () => {
        const url = await route();
        const res = await post(url, 'u_up', { event: 'not_in_workspace' });
        await expectUpstream(res, 502, 'upstream_rejected');
        expect(res.text).not.toContain('does not exist');
      });
    });

    describe('hostile requests (the security review): one JSON answer, nothing sent, app and log clean', () => {
      const routeReadsBody = options.routeReadsBody ?? true;
      const big = JSON.stringify({ event: 'password_reset', data: { pad: 'x'.repeat(90_000) } });
      // 8,000 levels inside the 16 kB cap: anything recursive would overflow the stack.
      const deep = `{"event":"password_reset","data":{"a":${'['.repeat(8_000)}${']'.repeat(8_000)}}}`;

      afterEach(() => {
        expect(appErrors()).toEqual([]);
      });

      it('a compressed body never gets past the cap: gzip and deflate of 90 kB → 415, under the cap too', async () => {
        const url = await route();
        const small = JSON.stringify({ event: 'password_reset' });
        for (const [encoding, pack] of [
          ['gzip', gzipSync],
          ['deflate', deflateSync],
        ] as const) {
          for (const text of [big, small]) {
            const packed = new Uint8Array(pack(Buffer.from(text)));
            expect(packed.byteLength).toBeLessThan(1_000);
            const res = await send(url, { user: 'u_zip', body: packed, headers: { 'content-encoding': encoding } });
            await expectRejected(res, 415, 'unsupported_media_type');
          }
        }
      });

      it('brotli, and a stacked or unknown coding → 415', async () => {
        const url = await route();
        for (const encoding of ['br', 'gzip, identity', 'x-custom']) {
          const packed = encoding === 'br' ? new Uint8Array(brotliCompressSync(Buffer.from(big))) : new TextEncoder().encode(big.slice(0, 100));
          const res = await send(url, { user: 'u_zip', body: packed, headers: { 'content-encoding': encoding } });
          expect([413, 415]).toContain(res.status);
          expect(await emu.requests()).toHaveLength(0);
        }
      });

      it('a body nested 8,000 deep → 400 invalid_body, signed in or not, with or without Content-Length', async () => {
        const url = await route({ onError: undefined });
        const mark = logMark();
        expect(new TextEncoder().encode(deep).byteLength).toBeLessThan(16_384);
        for (const user of ['u_deep', undefined]) {
          await expectRejected(await send(url, { user, body: deep }), 400, 'invalid_body');
          const chunked = new Blob([deep]).stream();
          await expectRejected(await send(url, { user, body: chunked }), 400, 'invalid_body');
        }
        expect(loggedSince(mark)).toEqual([]);
      });

      it("the default log line is one line, never the caller's event text, never Fyno's message", async () => {
        const forged = 'password_reset\n2026-11-29T00:00:00Z [fyno-kit] admin signed in\u001b[2J\r';
        const url = await route(
          {
            onError: undefined,
            identify: (request) => {
              const who = headerOf(request, 'x-test-user');
              if (who === 'throws') throw new Error('jwt malformed\n[forged] line\u001b[31m');
              if (who === 'number') return 42 as unknown as string;
              return who ?? null;
            },
          },
          'log-probe',
        );
        const mark = logMark();
        await expectRejected(await post(url, 'throws', { event: forged }), 500, 'internal_error');
        await expectRejected(await post(url, 'number', { event: forged }), 500, 'internal_error');
        const upstream = await post(url, 'u_log', { event: 'not_in_workspace' });
        expect(upstream.json.error.code).toBe('upstream_rejected');
        const lines = loggedSince(mark);
        expect(lines).toHaveLength(3);
        for (const args of lines) {
          const line = args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
          expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
          expect(line).not.toContain('admin signed in');
          expect(line).not.toContain('does not exist');
          expect(line).toContain('[fyno-kit] notify route:');
        }
        expect(String(lines[2]?.[0])).toMatch(/upstream_rejected \(event "not_in_workspace"\): FynoBadRequestError .*status=400/);
      });

      it("keeps every recipient the server's: escaped key spellings are the same keys", async () => {
        const url = await route();
        for (const body of ['{"event":"password_reset","\\u0074o":{"email":"x@evil.example"}}', '{"event":"password_reset","distinct\\u005fid":"victim"}']) {
          await expectRejected(await send(url, { user: 'u_esc', body }), 400, 'forbidden_field');
        }
        for (const body of ['{"event":"password_reset","constructor":{}}', '{"event":"password_reset","callback":{"custom_id":"x"}}']) {
          await expectRejected(await send(url, { user: 'u_esc', body }), 400, 'invalid_body');
        }
      });

      it('idempotency keys never collide across crafted user and key splits (a:b + c vs a + b:c)', async () => {
        const url = await route();
        expect((await post(url, 'a:b', { event: 'password_reset' }, { headers: { 'idempotency-key': 'c' } })).status).toBe(202);
        expect((await post(url, 'a', { event: 'password_reset' }, { headers: { 'idempotency-key': 'b:c' } })).status).toBe(202);
        const sent = await emu.messages();
        expect(sent.map((m) => m.distinct_id)).toEqual(['a:b', 'a']);
        expect(new Set(sent.map((m) => m.idempotency_key)).size).toBe(2);
      });

      it('no span of windowMs lets more than the limit through, across a window edge too', async () => {
        const url = await route({ rateLimit: { limit: 3, windowMs: 1_500 } });
        const body = { event: 'password_reset' };
        expect((await post(url, 'u_edge', body)).status).toBe(202);
        await new Promise((r) => setTimeout(r, 900));
        expect((await post(url, 'u_edge', body)).status).toBe(202);
        expect((await post(url, 'u_edge', body)).status).toBe(202);
        // Past the first call's window: one slot is free again, not three.
        await new Promise((r) => setTimeout(r, 700));
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await post(url, 'u_edge', body)).status);
        expect(statuses).toEqual([202, 429, 429]);
        expect(await emu.messages({ distinct_id: 'u_edge' })).toHaveLength(4);
      });

      slowBodyCase(options.slowBody ?? 'route', { route, requests: () => emu.requests(), cut: options.cutsCancelledBody });

      if (routeReadsBody) {
        it('an upload that trickles in gets 408 request_timeout within the body timeout, and the connection is closed', async () => {
          const url = await route({ bodyTimeoutMs: 300 });
          const started = Date.now();
          const answer = await rawRequest(url, { contentLength: 200, sendBytes: '{"ev', then: 'wait' });
          expect(Date.now() - started).toBeLessThan(5_000);
          if (options.cutsCancelledBody) {
            // Cut, not answered: the bridge destroyed the connection when the route gave up on the body.
            expect({ status: answer.status, closedByServer: answer.closedByServer }).toEqual({ status: undefined, closedByServer: true });
            expect(await emu.requests()).toHaveLength(0);
            return;
          }
          expect(answer.status).toBe(408);
          expect(JSON.parse(answer.body)).toEqual({ error: { code: 'request_timeout', message: expect.any(String) } });
          expect(answer.closedByServer).toBe(options.closesStalledConnections ?? true);
          expect(await emu.requests()).toHaveLength(0);
        });

        it("uploads aborted mid-body (FIN and RST) get no answer and reach neither the app's error handler nor the log", async () => {
          const url = await route({ onError: undefined });
          const mark = logMark();
          for (let i = 0; i < 20; i++) {
            await rawRequest(url, { contentLength: 5_000, sendBytes: '{"event":"password_reset","data":{"pad":"', then: i % 2 === 0 ? 'fin' : 'rst' });
          }
          await new Promise((r) => setTimeout(r, 300));
          await syncRemote();
          expect(loggedSince(mark)).toEqual([]);
          expect(await emu.requests()).toHaveLength(0);
          // The route still answers afterwards.
          expect((await post(url, 'u_after', { event: 'password_reset' })).status).toBe(202);
        });
      }
    });

    it('leaks the API key nowhere: no answer body or header, no error handed to onError', () => {
      expect(answers.length).toBeGreaterThan(50);
      for (const { error } of reported) {
        const text = inspect(error, { depth: 8, showHidden: true });
        expect(text).not.toContain(apiKey);
        expect(text).not.toContain(wrongKey);
      }
    });
  });
}
