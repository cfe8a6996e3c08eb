/**
 * `createNotifyRoute` as a whole, through `serve` as every host runs it: the order of checks across
 * its stages, the body paths, data rules and error reporting, on a real emulator. Each stage alone:
 * server-notify-*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Fyno } from '../src/index';
import { sharedSetup } from './helpers';
import { createNotifyRoute, type NotifyPolicy } from '../src/server/index';
import { serveOnce, type NotifyRequestInit } from './notify-exchange';

const apiKey = `sk_core_${Math.random().toString(36).slice(2)}`;
const env = sharedSetup({ apiKey, maxRetries: 0 }, { events: '*', apiKey });

interface Req {
  user?: string;
}

function request(init: Partial<NotifyRequestInit<Req>> & { headers?: Record<string, string>; json?: unknown } = {}): NotifyRequestInit<Req> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  return {
    method: init.method ?? 'POST',
    header: (name) => headers[name],
    body: init.body ?? (init.json === undefined ? undefined : JSON.stringify(init.json)),
    ...(init.parsedBody !== undefined || init.hasParsedBody ? { parsedBody: init.parsedBody, hasParsedBody: init.hasParsedBody ?? true } : {}),
    request: init.request ?? { user: 'u_1' },
  };
}

function route(overrides: Partial<NotifyPolicy<Req>> = {}) {
  const reported: Array<{ error: unknown; code: string; event?: string; distinctId?: string }> = [];
  const r = createNotifyRoute<Req>({
    identify: (req) => req.user,
    events: { ping: {} },
    client: env.fyno,
    onError: (error, info) => reported.push({ error, ...info }),
    ...overrides,
  });
  return Object.assign(r, { reported });
}

const codeOf = (res: { body: unknown }) => (res.body as { error?: { code: string } }).error?.code;

describe('order of checks: the cheapest and least revealing first', () => {
  it.each([
    ['405 beats a bad Content-Type', { method: 'GET', headers: { 'content-type': 'text/plain' } }, 'method_not_allowed'],
    ['415 beats an oversize declared length', { headers: { 'content-type': 'text/plain', 'content-length': '999999' } }, 'unsupported_media_type'],
    ['413 beats malformed JSON', { headers: { 'content-length': '999999' }, body: '{' }, 'payload_too_large'],
    ['415 for a content coding beats malformed JSON', { headers: { 'content-encoding': 'gzip' }, body: '\u001f\u008b' }, 'unsupported_media_type'],
    ['invalid_json beats a missing user', { body: '{', request: {} }, 'invalid_json'],
    ['forbidden_field beats a missing user', { json: { event: 'ping', to: {} }, request: {} }, 'forbidden_field'],
    ['401 beats an unknown event', { json: { event: 'nope' }, request: {} }, 'unauthorized'],
    ['403 beats bad data', { json: { event: 'nope', data: 5 } }, 'event_not_allowed'],
    ['invalid_data last', { json: { event: 'ping', data: 5 } }, 'invalid_data'],
  ] as const)('%s', async (_name, init, code) => {
    const res = await serveOnce(route(), request(init as never));
    expect(codeOf(res)).toBe(code);
    expect(env.emu.requests()).toHaveLength(0);
  });

  it('429 comes before the data check, so bad data still spends the budget', async () => {
    const r = route({ rateLimit: { limit: 1 } });
    expect(codeOf(await serveOnce(r, request({ json: { event: 'ping', data: 5 } })))).toBe('invalid_data');
    const limited = await serveOnce(r, request({ json: { event: 'ping' } }));
    expect(codeOf(limited)).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(59);
  });

  it('a wrong method is refused by the checks that need no body, whatever the body', async () => {
    const r = route();
    const refused = await serveOnce(r, request({ method: 'PUT', body: '{"event":"ping"}' }));
    expect({ code: codeOf(refused), allow: refused.headers.allow }).toEqual({ code: 'method_not_allowed', allow: 'POST' });
    expect(r.maxBodyBytes).toBe(16_384);
  });
});

describe('bodies', () => {
  it('takes bytes, text or an already-parsed body', async () => {
    const r = route();
    expect((await serveOnce(r, request({ body: new TextEncoder().encode('{"event":"ping"}') }))).status).toBe(202);
    expect((await serveOnce(r, request({ body: '{"event":"ping","data":{"é":"ü"}}' }))).status).toBe(202);
    expect((await serveOnce(r, request({ parsedBody: { event: 'ping', data: { a: 1 } } }))).status).toBe(202);
    // A parser that ran first inflated a compressed body: its declared length says nothing of what
    // was parsed, so any content coding is refused on the parsed path too.
    const gzipped = await serveOnce(r, request({ parsedBody: { event: 'ping' }, headers: { 'content-encoding': 'gzip', 'content-length': '30' } }));
    expect({ status: gzipped.status, code: codeOf(gzipped) }).toEqual({ status: 415, code: 'unsupported_media_type' });
    expect(env.emu.messages().map((m) => m.data)).toEqual([undefined, { é: 'ü' }, { a: 1 }]);
  });

  it('measures a parsed body without a declared length, and counts bytes, not characters', async () => {
    const r = route({ maxBodyBytes: 100 });
    expect(codeOf(await serveOnce(r, request({ parsedBody: { event: 'ping', data: { pad: 'x'.repeat(200) } } })))).toBe('payload_too_large');
    // 40 three-byte characters: 40 characters, 120+ bytes.
    expect(codeOf(await serveOnce(r, request({ body: JSON.stringify({ event: 'ping', data: { s: '€'.repeat(40) } }) })))).toBe('payload_too_large');
    expect(codeOf(await serveOnce(r, request({ hasParsedBody: true, parsedBody: undefined })))).toBe('invalid_body');
  });

  it('refuses a body nested deeper than 64 levels before anything recursive touches it', async () => {
    const deep = `{"event":"ping","data":{"a":${'['.repeat(5_000)}${']'.repeat(5_000)}}}`;
    const res = await serveOnce(route({ maxBodyBytes: 20_000 }), request({ body: deep }));
    expect(codeOf(res)).toBe('invalid_body');
  });
});

describe('data rules', () => {
  const issue = (message: string, path: PropertyKey[]) => ({ issues: [{ message, path }] });

  it('runs a Standard Schema (async too) and reports its first issue with its path', async () => {
    const schema = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: async (value: unknown) =>
          typeof (value as { n?: unknown })?.n === 'number' ? { value: { n: (value as { n: number }).n * 2 } } : issue('Expected number', ['n']),
      },
    };
    const r = route({ events: { ping: { data: schema } } });
    const bad = await serveOnce(r, request({ json: { event: 'ping', data: { n: 'x' } } }));
    expect(bad.body).toEqual({ error: { code: 'invalid_data', message: 'data.n: Expected number' } });
    expect((await serveOnce(r, request({ json: { event: 'ping', data: { n: 2 } } }))).status).toBe(202);
    expect(env.emu.messages()[0]?.data).toEqual({ n: 4 });
  });

  it('runs safeParse, parse and plain functions; a throw rejects with a fixed or first-issue message', async () => {
    const safe = {
      safeParse: (v: unknown) =>
        v ? { success: true as const, data: v } : { success: false as const, error: { issues: [{ message: 'Required', path: [] }] } },
    };
    const parse = {
      parse: (v: unknown) => {
        if ((v as { ok?: boolean })?.ok) return v;
        throw Object.assign(new Error('long ZodError text\n    at somewhere'), { issues: [{ message: 'Not ok', path: ['ok'] }] });
      },
    };
    const fn = (v: unknown) => {
      if (!(v as { ok?: boolean })?.ok) throw new Error('secret internals at /srv/app.js:12');
      return { ...(v as object), stamped: true };
    };
    const r = route({ events: { safe: { data: safe }, parse: { data: parse }, fn: { data: fn } } });
    expect((await serveOnce(r, request({ json: { event: 'safe' } }))).body).toEqual({ error: { code: 'invalid_data', message: 'data: Required' } });
    expect((await serveOnce(r, request({ json: { event: 'parse', data: {} } }))).body).toEqual({ error: { code: 'invalid_data', message: 'data.ok: Not ok' } });
    const thrown = await serveOnce(r, request({ json: { event: 'fn', data: {} } }));
    expect(thrown.body).toEqual({ error: { code: 'invalid_data', message: 'The data for this event is not valid.' } });
    expect((await serveOnce(r, request({ json: { event: 'fn', data: { ok: true } } }))).status).toBe(202);
    expect(env.emu.messages()[0]?.data).toEqual({ ok: true, stamped: true });
  });

  it('refuses a rule result that is not a JSON object, and caps long messages', async () => {
    const r = route({
      events: {
        toArray: { data: () => [1, 2] },
        chatty: { data: { safeParse: () => ({ success: false as const, error: { issues: [{ message: 'x'.repeat(5_000), path: ['a'] }] } }) } },
      },
    });
    expect(codeOf(await serveOnce(r, request({ json: { event: 'toArray', data: {} } })))).toBe('invalid_data');
    const chatty = await serveOnce(r, request({ json: { event: 'chatty', data: {} } }));
    expect((chatty.body as { error: { message: string } }).error.message.length).toBeLessThanOrEqual(160);
  });
});

describe('unexpected errors', () => {
  it('identify throwing → 500 internal_error, the error on unexpectedError and to onError, not in the body', async () => {
    const boom = new Error('db password is hunter2');
    const r = route({
      identify: () => {
        throw boom;
      },
    });
    const res = await serveOnce(r, request({ json: { event: 'ping' } }));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal_error', message: 'Something went wrong.' } });
    expect(res.unexpectedError).toBe(boom);
    expect(r.reported).toEqual([{ error: boom, code: 'internal_error', event: 'ping' }]);
  });

  it('identify returning a non-string → 500 internal_error', async () => {
    const r = route({ identify: () => 42 as unknown as string });
    const res = await serveOnce(r, request({ json: { event: 'ping' } }));
    expect(codeOf(res)).toBe('internal_error');
    expect(res.unexpectedError).toBeInstanceOf(TypeError);
  });

  it("a `to` hook returning something Fyno cannot take is the server's bug: 500, nothing sent", async () => {
    const r = route({ events: { ping: { to: () => ({ email: 42 as unknown as string }) } } });
    const res = await serveOnce(r, request({ json: { event: 'ping' } }));
    expect(codeOf(res)).toBe('internal_error');
    expect(env.emu.requests()).toHaveLength(0);
  });

  it('a throwing onError does not turn a handled answer into a crash', async () => {
    const r = route({
      client: new Fyno({ baseUrl: 'http://127.0.0.1:9/v1', workspaceId: 'W', apiKey, maxRetries: 0 }),
      onError: () => {
        throw new Error('logger down');
      },
    });
    expect(codeOf(await serveOnce(r, request({ json: { event: 'ping' } })))).toBe('upstream_unavailable');
  });

  it('reports upstream failures with event, user and code', async () => {
    const r = route();
    env.emu.failNext(1, { status: 500 });
    expect(codeOf(await serveOnce(r, request({ json: { event: 'ping' } })))).toBe('upstream_error');
    expect(r.reported[0]).toMatchObject({ code: 'upstream_error', event: 'ping', distinctId: 'u_1' });
    expect((r.reported[0]?.error as Error).name).toBe('FynoServerError');
  });
});

describe('policy checks at creation', () => {
  it.each([
    ['no identify', { identify: undefined }],
    ['no events', { events: undefined }],
    ['a rule that is not an object', { events: { ping: true } }],
    ['a data rule that validates nothing', { events: { ping: { data: { check: () => true } } } }],
    ['a non-function to', { events: { ping: { to: { email: 'a@b' } } } }],
    ['a silly maxBodyBytes', { maxBodyBytes: 0 }],
    ['a bad rate limit', { rateLimit: { limit: 0 } }],
    ['a client without fire', { client: {} }],
  ])('throws for %s', (_name, overrides) => {
    expect(() => route(overrides as never)).toThrow(TypeError);
  });
});

describe('Idempotency-Key', () => {
  it('is sent namespaced, the same for the same user, event and key', async () => {
    const r = route({ events: { ping: {}, pong: {} } });
    const headers = { 'idempotency-key': 'k-1' };
    await serveOnce(r, request({ json: { event: 'ping' }, headers }));
    await serveOnce(r, request({ json: { event: 'pong' }, headers }));
    await serveOnce(r, request({ json: { event: 'ping' }, headers, request: { user: 'u_2' } }));
    await serveOnce(r, request({ json: { event: 'ping' }, headers }));
    const keys = env.emu.requests().map((e) => e.idempotency_key);
    expect(keys).toHaveLength(4);
    expect(keys[3]).toBe(keys[0]);
    expect(new Set(keys).size).toBe(3);
    for (const key of keys) expect(key).toMatch(/^notify:[0-9a-f]{64}$/);
    expect(env.emu.messages()).toHaveLength(3);
  });
});
