/** The notify route's authorize stage alone: identify (401) → allow-list (403) → rate limit (429) → data (400). */
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { authorizeNotify, type NotifyAuthorizeResult } from '../src/server/notify-authorize';
import { notifyRouteState } from '../src/server/notify-state';
import type { NotifyPolicy } from '../src/server/index';

interface Req {
  user?: unknown;
}

function state(overrides: Partial<NotifyPolicy<Req>> = {}) {
  const reported: Array<{ error: unknown; code: string; event?: string; distinctId?: string }> = [];
  const s = notifyRouteState<Req>({
    identify: (req) => req.user as string | undefined,
    events: { ping: {}, order: { data: (d: { n: number }) => ({ n: d.n * 2 }) } },
    onError: (error, info) => reported.push({ error, ...info }),
    ...overrides,
  });
  return Object.assign(s, { reported });
}

const codeOf = (result: NotifyAuthorizeResult<Req>) => (result.ok ? 'ok' : (result.answer.body as { error: { code: string } }).error.code);
const as = (user: unknown): Req => ({ user });

describe('authorizeNotify', () => {
  it("passes the user, the event's rule and the checked data on", async () => {
    const s = state();
    const result = await authorizeNotify(s, as('u_1'), { event: 'order', data: { n: 2 } });
    expect(result).toEqual({ ok: true, authorized: { distinctId: 'u_1', event: 'order', rule: s.policy.events.order, data: { n: 4 } } });
  });

  it('401 for nobody signed in, before the allow-list says anything about the event', async () => {
    for (const user of [null, undefined, '']) expect(codeOf(await authorizeNotify(state(), as(user), { event: 'nope', data: undefined }))).toBe('unauthorized');
  });

  it('awaits an asynchronous identify', async () => {
    const s = state({ identify: async (req) => req.user as string });
    expect(codeOf(await authorizeNotify(s, as('u_1'), { event: 'ping', data: undefined }))).toBe('ok');
  });

  it('an identify that throws or returns a non-string is a 500, reported with the event only when it is allowed', async () => {
    const boom = new Error('db down');
    const s = state({
      identify: () => {
        throw boom;
      },
    });
    const thrown = await authorizeNotify(s, as('u_1'), { event: 'ping', data: undefined });
    expect(thrown.ok ? undefined : thrown.answer.unexpectedError).toBe(boom);
    await authorizeNotify(s, as('u_1'), { event: 'not_allowed\n', data: undefined });
    expect(s.reported).toEqual([
      { error: boom, code: 'internal_error', event: 'ping' },
      { error: boom, code: 'internal_error' },
    ]);
    const wrongType = await authorizeNotify(state(), as(42), { event: 'ping', data: undefined });
    expect(wrongType.ok ? undefined : wrongType.answer.unexpectedError).toBeInstanceOf(TypeError);
  });

  it('403 for an event not on the list, own properties only', async () => {
    for (const event of ['nope', '__proto__', 'constructor', 'toString']) {
      expect(codeOf(await authorizeNotify(state(), as('u_1'), { event, data: undefined }))).toBe('event_not_allowed');
    }
  });

  it('429 per user, before the data check, so bad data still spends the budget', async () => {
    const s = state({ rateLimit: { limit: 1 } });
    expect(codeOf(await authorizeNotify(s, as('u_1'), { event: 'order', data: 'not an object' }))).toBe('invalid_data');
    const limited = await authorizeNotify(s, as('u_1'), { event: 'ping', data: undefined });
    expect(codeOf(limited)).toBe('rate_limited');
    expect(Number(limited.ok ? 0 : limited.answer.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    expect(codeOf(await authorizeNotify(s, as('u_2'), { event: 'ping', data: undefined }))).toBe('ok');
    expect(codeOf(await authorizeNotify(state({ rateLimit: false }), as('u_1'), { event: 'ping', data: undefined }))).toBe('ok');
  });

  it('a shared store: its limit, and 503 (reported, nothing allowed) when it fails', async () => {
    const s = state({ rateLimit: new RateLimiterMemory({ points: 1, duration: 60 }) });
    expect(codeOf(await authorizeNotify(s, as('u_1'), { event: 'ping', data: undefined }))).toBe('ok');
    expect(codeOf(await authorizeNotify(s, as('u_1'), { event: 'ping', data: undefined }))).toBe('rate_limited');
    const down = new Error('redis down');
    const failing = state({ rateLimit: { consume: () => Promise.reject(down) } });
    const refused = await authorizeNotify(failing, as('u_1'), { event: 'ping', data: undefined });
    expect({ code: codeOf(refused), retry: refused.ok ? undefined : refused.answer.headers['retry-after'] }).toEqual({
      code: 'rate_limiter_unavailable',
      retry: '5',
    });
    expect(failing.reported).toEqual([{ error: down, code: 'rate_limiter_unavailable', event: 'ping', distinctId: 'u_1' }]);
  });

  it("400 invalid_data with the rule's message", async () => {
    const s = state({
      events: { ping: { data: { safeParse: () => ({ success: false as const, error: { issues: [{ message: 'Required', path: ['n'] }] } }) } } },
    });
    const result = await authorizeNotify(s, as('u_1'), { event: 'ping', data: {} });
    expect(result.ok ? undefined : result.answer.body).toEqual({ error: { code: 'invalid_data', message: 'data.n: Required' } });
  });
});
