/**
 * The suite's shared set-up: one emulator for the suite, fresh apps per test, every answer checked
 * for what all answers must be (JSON, uncacheable, no secret), and the console captured to check the
 * log. Called once inside the suite's `describe`; each case file takes what it needs from it.
 */
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { Agent, fetch as undiciFetch } from 'undici';
import type { NotifyRouteClient } from '@fyno-kit/core/server';
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import {
  type AdapterSuiteOptions,
  type StartedApp,
  SUITE_ERROR_CODES,
  type SuiteClientOptions,
  type SuiteEmulator,
  type SuitePolicy,
  type SuiteRecipe,
} from './types';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** Reads a header the same way from a Node/Express/Nest request and from a web `Request`. */
export function headerOf(request: any, name: string): string | undefined {
  const headers = request?.headers;
  if (headers && typeof headers.get === 'function') return headers.get(name) ?? undefined;
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

const JSON_TYPE = 'application/json';

/** What the case files share: the suite's keys and emulator, and the helpers that start apps and send. */
export interface SuiteContext {
  readonly options: AdapterSuiteOptions;
  /** Distinctive keys, so a leak anywhere is found by a plain substring search. */
  readonly apiKey: string;
  readonly wrongKey: string;
  /** The host's own cross-site check (`AdapterSuiteOptions.originCheck`, default `none`). */
  readonly originCheck: NonNullable<AdapterSuiteOptions['originCheck']>;
  /** The suite's emulator (set once the suite's `beforeAll` ran). */
  readonly emu: SuiteEmulator;
  /** Every answer the suite received, and what reached `onError`. */
  readonly answers: readonly Answer[];
  readonly reported: ReadonlyArray<{ error: unknown; code: string }>;
  client(overrides?: { apiKey?: string; timeoutMs?: number }): NotifyRouteClient;
  route(overrides?: Partial<SuitePolicy>, identify?: SuiteRecipe['identify']): Promise<string>;
  send(
    url: string,
    init: {
      method?: string;
      user?: string;
      type?: string | null;
      body?: string | Uint8Array | ReadableStream<Uint8Array>;
      headers?: Record<string, string>;
      /**
       * Sends on a connection of its own, closed after the answer: for a request after which the host
       * may reset its connection (an oversize upload), so that no later request inherits it.
       */
      ownConnection?: boolean;
    },
  ): Promise<Answer>;
  post(url: string, user: string | undefined, body: unknown, extra?: { headers?: Record<string, string> }): Promise<Answer>;
  expectRejected(answer: Answer, status: number, code: string): Promise<void>;
  /** The host's own cross-site refusal (`originCheck`): 403 before the route, nothing sent upstream. */
  expectHostRefused(url: string, init: { type: string | null; origin?: string; method?: string; body?: string }): Promise<void>;
  appErrors(): readonly unknown[];
  logMark(): number[];
  loggedSince(mark: number[]): unknown[][];
  syncRemote(): Promise<void>;
}

/** Sets the suite up (inside its `describe`) and returns what the case files use. */
export function suiteContext(options: AdapterSuiteOptions): SuiteContext {
  const apiKey = `sk_suite_${randomUUID().replace(/-/g, '')}`;
  const wrongKey = `sk_wrong_${randomUUID().replace(/-/g, '')}`;
  const answers: Answer[] = [];
  const reported: Array<{ error: unknown; code: string }> = [];
  const consoleSpies: Array<{ mock: { calls: unknown[][] }; mockRestore(): void }> = [];
  const running: StartedApp[] = [];
  const clients: NotifyRouteClient[] = [];
  const clientOptions = new WeakMap<NotifyRouteClient, SuiteClientOptions>();
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

  function client(overrides: { apiKey?: string; timeoutMs?: number } = {}): NotifyRouteClient {
    const settings = {
      baseUrl: emu.baseUrl,
      workspaceId: emu.workspaceId,
      apiKey: overrides.apiKey ?? apiKey,
      // No retries: each upstream fault below must surface as it is, at once.
      maxRetries: 0,
      timeoutMs: overrides.timeoutMs ?? 5_000,
    };
    const c = options.createClient(settings);
    clientOptions.set(c, settings);
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
          ...(options.orderSchema ? { data: options.orderSchema } : {}),
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
    const settings = full.client && clientOptions.get(full.client);
    if (settings === undefined) throw new Error('the suite policy has no client built by createClient');
    const recipe: SuiteRecipe = { identify, client: settings, onError: full.onError ? 'report' : 'default' };
    if ('maxBodyBytes' in overrides) recipe.maxBodyBytes = overrides.maxBodyBytes;
    if ('rateLimit' in overrides) {
      const limit = overrides.rateLimit;
      // Only options cross to another process; a shared store (an object with `consume`) cannot.
      if (limit && 'consume' in limit) throw new Error('a rate-limiter store cannot be sent to a host in another process');
      recipe.rateLimit = limit;
    }
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
  async function send(url: string, init: Parameters<SuiteContext['send']>[1]): Promise<Answer> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.user !== undefined) headers['x-test-user'] = init.user;
    if (init.type !== null) headers['content-type'] = init.type ?? JSON_TYPE;
    let body: BodyInit | undefined;
    // Bytes, so fetch adds no Content-Type of its own.
    if (typeof init.body === 'string') body = new TextEncoder().encode(init.body);
    else body = init.body as BodyInit | undefined;
    const request = {
      method: init.method ?? 'POST',
      headers,
      body,
      ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit;
    const own = init.ownConnection ? new Agent() : undefined;
    let res: Response;
    let text: string;
    try {
      res = own ? ((await undiciFetch(url, { ...(request as object), dispatcher: own })) as unknown as Response) : await fetch(url, request);
      text = await res.text();
    } finally {
      await own?.destroy();
    }
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

  return {
    options,
    apiKey,
    wrongKey,
    originCheck,
    get emu() {
      return emu;
    },
    answers,
    reported,
    client,
    route,
    send,
    post,
    expectRejected,
    expectHostRefused,
    appErrors,
    logMark,
    loggedSince,
    syncRemote,
  };
}
