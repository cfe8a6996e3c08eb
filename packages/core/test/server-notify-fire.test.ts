/** The notify route's fire stage alone, on a real emulator: hooks, the namespaced key, the fire, Fyno's answer. */
import { describe, expect, it } from 'vitest';
import { Fyno } from '../src/index';
import type { NotifyPolicy } from '../src/server/index';
import type { NotifyAuthorized } from '../src/server/notify-authorize';
import { fireNotify, toSuccessBody } from '../src/server/notify-fire';
import { notifyRouteState } from '../src/server/notify-state';
import { sharedSetup } from './helpers';

const apiKey = `sk_core_${Math.random().toString(36).slice(2)}`;
const env = sharedSetup({ apiKey, maxRetries: 0 }, { events: '*', apiKey });

interface Req {
  tenant: string;
}

function state(overrides: Partial<NotifyPolicy<Req>> = {}) {
  const reported: Array<{ error: unknown; code: string; event?: string; distinctId?: string }> = [];
  const s = notifyRouteState<Req>({
    identify: () => 'u_1',
    events: { ping: {} },
    client: env.fyno,
    onError: (error, info) => reported.push({ error, ...info }),
    ...overrides,
  });
  return Object.assign(s, { reported });
}

const allowed = (rule: NotifyAuthorized<Req>['rule'] = {}, data?: Record<string, unknown>): NotifyAuthorized<Req> => ({
  distinctId: 'u_1',
  event: 'ping',
  rule,
  data,
});
const input = { request: { tenant: 't_1' }, hostClient: undefined, idempotencyKey: undefined };
const codeOf = (answer: { body: unknown }) => (answer.body as { error?: { code: string } }).error?.code;

describe('fireNotify', () => {
  it("sends the data with the hooks' destinations and callback, and answers 202 with no destination in it", async () => {
    const rule: NotifyAuthorized<Req>['rule'] = {
      to: (ctx) => ({ email: `${ctx.distinctId}@${ctx.request.tenant}.example` }),
      callback: async (ctx) => ({ custom_id: String(ctx.data.order) }),
    };
    const answer = await fireNotify(state(), allowed(rule, { order: 'A-1' }), input);
    expect(answer.status).toBe(202);
    expect(JSON.stringify(answer.body)).not.toContain('@');
    const [sent] = env.emu.messages();
    expect(sent).toMatchObject({ event: 'ping', distinct_id: 'u_1', data: { order: 'A-1' } });
    expect(JSON.stringify(sent)).toContain('u_1@t_1.example');
    expect(JSON.stringify(sent)).toContain('A-1');
  });

  it("namespaces the browser's key per user and event", async () => {
    await fireNotify(state(), allowed(), { ...input, idempotencyKey: 'k-1' });
    expect(env.emu.requests()[0]?.idempotency_key).toMatch(/^notify:[0-9a-f]{64}$/);
    expect(env.emu.requests()[0]?.idempotency_key).not.toContain('k-1');
  });

  it("sends with the policy's client, else the host's", async () => {
    const other = new Fyno({ workspaceId: env.emu.workspaceId, apiKey: 'sk_other', baseUrl: env.emu.baseUrl, maxRetries: 0 });
    const hostOnly = notifyRouteState<Req>({ identify: () => 'u_1', events: { ping: {} } });
    // The emulator takes one API key: the host's client with another key is refused, so it was the one used.
    expect(codeOf(await fireNotify(hostOnly, allowed(), { ...input, hostClient: other }))).toBe('upstream_rejected');
    expect((await fireNotify(state(), allowed(), { ...input, hostClient: other })).status).toBe(202);
    await other.close();
  });

  it('a hook that throws is a 500 reported with the event and user, and nothing is sent', async () => {
    const s = state();
    const boom = new Error('lookup failed');
    const answer = await fireNotify(
      s,
      allowed({
        to: () => {
          throw boom;
        },
      }),
      input,
    );
    expect({ code: codeOf(answer), error: answer.unexpectedError }).toEqual({ code: 'internal_error', error: boom });
    expect(s.reported).toEqual([{ error: boom, code: 'internal_error', event: 'ping', distinctId: 'u_1' }]);
    expect(env.emu.requests()).toHaveLength(0);
  });

  it("maps an upstream failure to the route's code and reports it", async () => {
    const s = state();
    env.emu.failNext(1, { status: 500 });
    expect(codeOf(await fireNotify(s, allowed(), input))).toBe('upstream_error');
    expect(s.reported[0]).toMatchObject({ code: 'upstream_error', event: 'ping', distinctId: 'u_1' });
  });
});

describe('toSuccessBody', () => {
  it("keeps each channel's status and msg_id only, and fills what Fyno left out", () => {
    const body = toSuccessBody(
      { event: 'ping', request_id: 'r1', received_time: 't', response: { email: { status: 'ok', msg_id: 'm1', to: 'a@b.c' }, bad: 'x' } },
      'ping',
    );
    expect(body).toEqual({ event: 'ping', request_id: 'r1', received_time: 't', channels: { email: { status: 'ok', msg_id: 'm1' } } });
    const empty = toSuccessBody(null, 'ping');
    expect({ ...empty, received_time: typeof empty.received_time }).toEqual({ event: 'ping', request_id: '', received_time: 'string', channels: {} });
  });
});
