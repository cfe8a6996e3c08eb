/**
 * The route tables are complete: every entry is reached over HTTP by its own handler (each probe
 * gets an answer only that handler gives), no two entries can claim the same request, and a path
 * that no entry names is a 404 that changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../src/api-routes.js';
import type { RunningEmulator } from '../src/index.js';
import { RouteTable } from '../src/route-match.js';
import { CONTROL_ROUTES } from '../src/routes-emulator.js';
import { call, E, OK, start } from './helpers.js';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await start({ verifyOtp: '4321' });
});
afterAll(() => emu.stop());

interface Probe {
  method: string;
  path: string;
  body?: unknown;
  status: number;
  json: unknown;
}

/** One request per contract row (CONTRACT.md §2), written out here rather than derived from the table. */
const API_PROBES: Record<string, Probe> = {
  E1: { method: 'POST', path: '/live/event', body: { event: 'known' }, status: 400, json: E("Either 'to' or 'distinct_id' is required") },
  E2: { method: 'POST', path: '/live/event/bulk', body: { event: 'known' }, status: 400, json: E("'batch' is required and must be an array") },
  P1: { method: 'POST', path: '/live/profiles', body: {}, status: 400, json: E("'distinct_id' is required and must be a non-empty string") },
  P2: { method: 'GET', path: '/live/profiles/nobody', status: 400, json: E('incorrect/non existing distinct_id provided') },
  P3: { method: 'PUT', path: '/live/profiles/nobody', body: {}, status: 400, json: E('Unable to update the record since the record does not exist') },
  P4: { method: 'PATCH', path: '/live/profiles/nobody/merge/other', status: 400, json: E('merge from id does not exist') },
  P5: { method: 'POST', path: '/live/profiles/delete', body: { distinct_id: ['nobody'] }, status: 400, json: E('Cannot delete non existing user') },
  P6: { method: 'PATCH', path: '/live/profiles/nobody/channel', body: {}, status: 400, json: E("'channel' is required") },
  P7: {
    method: 'POST',
    path: '/live/profiles/nobody/channel/delete',
    body: {},
    status: 400,
    json: E("'channel' (a list of channel names) or token lists are required"),
  },
  U1: {
    method: 'POST',
    path: '/live/profiles/properties/set',
    body: { distinct_id: 'p', $set: 1 },
    status: 400,
    json: E('$set has object/keys that is not allowed'),
  },
  U2: {
    method: 'POST',
    path: '/live/profiles/properties/set-once',
    body: { distinct_id: 'p', $once: 1 },
    status: 400,
    json: E('$once has object/keys that is not allowed'),
  },
  U3: {
    method: 'POST',
    path: '/live/profiles/properties/numerical-add',
    body: { distinct_id: 'p', $add: 1 },
    status: 400,
    json: E('$add has object/keys that is not allowed'),
  },
  U4: {
    method: 'POST',
    path: '/live/profiles/properties/list-append',
    body: { distinct_id: 'p', $append: 1 },
    status: 400,
    json: E('$append has object/keys that is not allowed'),
  },
  U5: {
    method: 'POST',
    path: '/live/profiles/properties/list-remove',
    body: { distinct_id: 'p', $remove: 1 },
    status: 400,
    json: E('$remove has object/keys that is not allowed'),
  },
  U6: {
    method: 'POST',
    path: '/live/profiles/properties/unset',
    body: { distinct_id: 'p', $unset: [] },
    status: 400,
    json: E('$unset channel should have atleast one item in array'),
  },
  U7: { method: 'POST', path: '/live/profiles/properties/batch', body: {}, status: 400, json: E("'batch' is required and must be a non-empty array") },
  S1: { method: 'GET', path: '/live/subscriptions/preference', status: 400, json: E('distinct_id is required to list preference!') },
  S2: { method: 'PUT', path: '/live/subscriptions/preference?distinct_id=p', body: {}, status: 400, json: E('user_preference is required!') },
  S3: {
    method: 'POST',
    path: '/live/subscriptions/list/all/user',
    body: { distinct_id: 'p', channel: 'fax' },
    status: 400,
    json: E("'channel' must be one of sms, whatsapp, email, discord, slack, teams, push, voice, inapp, webpush"),
  },
  V1: { method: 'POST', path: '/live/verify/validate?request_id=r&otp=4321', status: 200, json: OK('OTP successfully validated.') },
  // The suppression list has no version segment.
  X1: { method: 'GET', path: '/suppressions', status: 200, json: [] },
  X2: { method: 'POST', path: '/suppressions', body: { distinct_id: 'p' }, status: 400, json: E('channel is required!') },
  X3: { method: 'DELETE', path: '/suppressions?_id=nothing', status: 400, json: E('Unable to delete non existing data!') },
};

describe('the API route table', () => {
  it('has exactly the contract rows the probes name, each once', () => {
    const ids = API_ROUTES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.keys(API_PROBES).sort());
  });

  it.each(Object.entries(API_PROBES))('%s is reached by its own handler', async (_id, probe) => {
    const r = await call(emu, probe.method, probe.path, { body: probe.body });
    expect({ status: r.status, json: r.json }).toEqual({ status: probe.status, json: probe.json });
  });

  it('each entry serves its own method and pattern', () => {
    // The probes above fix the behaviour; this pins each probe to the entry that claims it.
    for (const route of API_ROUTES) {
      const probe = API_PROBES[route.id] as Probe;
      expect(probe.method).toBe(route.method);
      const segs = probe.path
        .split('?')[0]!
        .split('/')
        .slice(route.unversioned ? 1 : 2);
      const pattern = route.pattern.split('/').slice(1);
      expect(segs.length).toBe(pattern.length);
      pattern.forEach((p, i) => {
        if (!p.startsWith(':')) expect(segs[i]).toBe(p);
      });
    }
  });

  it('the legacy unversioned paths serve E1 and E2 only, as live', async () => {
    const one = await call(emu, 'POST', '/event', { body: { event: 'known', to: { email: 'a@b.co' } } });
    expect(one.status).toBe(202);
    const bulk = await call(emu, 'POST', '/event/bulk', { body: { event: 'known', batch: [{ to: { email: 'a@b.co' } }] } });
    expect(bulk.status).toBe(202);
    for (const path of ['/profiles', '/profiles/u1', '/verify/validate', '/subscriptions/preference']) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH']) {
        const r = await call(emu, method, path, { body: method === 'GET' ? undefined : {} });
        expect([method, path, r.status]).toEqual([method, path, 404]);
      }
    }
  });
});

describe('unknown paths', () => {
  const paths = [
    '/live',
    '/live/',
    '/live/nothing',
    '/live/events',
    '/live/event/bulk/extra',
    '/live/event/single',
    '/live/profiles/u1/unknown',
    '/live/profiles/u1/merge',
    '/live/profiles/u1/channel/add',
    '/live/profiles/u1/merge/u2/extra',
    '/live/profiles//channel',
    '/live/profiles/properties/nope',
    '/live/profiles/properties/set/extra',
    '/live/subscriptions/list/x/user/y',
    '/live/subscriptions/list/x',
    '/live/verify',
    '/live/suppressions',
    '/prod/profiles',
    '/suppressions/extra',
  ];

  it.each(paths)('%s is 404 under every method, and changes nothing', async (path) => {
    const before = emu.messages().length;
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const body = method === 'GET' ? undefined : { distinct_id: 'ghost', channel: { email: 'g@h.io' } };
      const r = await call(emu, method, path, { body });
      expect([method, r.status, r.json]).toEqual([method, 404, E('Not found')]);
    }
    expect((await call(emu, 'GET', '/live/profiles/ghost')).status).toBe(400);
    expect(emu.messages().length).toBe(before);
  });

  it('an unknown /_emulator path is 404, a known one under another method is 405', async () => {
    const none = await fetch(`${emu.url}/_emulator/messages/extra`);
    expect(none.status).toBe(404);
    const wrong = await fetch(`${emu.url}/_emulator/health`, { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});

/** One request per control route, keyed `METHOD path`. */
const CONTROL_PROBES: Record<string, { body?: string; status: number }> = {
  'GET /_emulator/messages': { status: 200 },
  'DELETE /_emulator/messages': { status: 204 },
  'GET /_emulator/requests': { status: 200 },
  'DELETE /_emulator/requests': { status: 204 },
  'GET /_emulator/reports': { status: 200 },
  'DELETE /_emulator/reports': { status: 204 },
  'GET /_emulator/webhooks': { status: 200 },
  'GET /_emulator/stream': { status: 200 },
  'GET /_emulator/health': { status: 200 },
  'PUT /_emulator/faults': { body: 'null', status: 204 },
  'POST /_emulator/fail-next': { body: '{}', status: 400 },
  'POST /_emulator/inapp/disconnect': { status: 200 },
};

describe('the control route table', () => {
  it('has exactly the routes the probes name, each once', () => {
    const keys = CONTROL_ROUTES.map((r) => `${r.method} ${r.pattern}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(Object.keys(CONTROL_PROBES).sort());
  });

  it.each(Object.entries(CONTROL_PROBES))('%s is reachable', async (key, probe) => {
    const [method, path] = key.split(' ') as [string, string];
    const controller = new AbortController();
    const init: RequestInit = { method, signal: controller.signal };
    if (probe.body !== undefined) {
      init.body = probe.body;
      init.headers = { 'content-type': 'application/json' };
    }
    const res = await fetch(`${emu.url}${path}`, init);
    expect(res.status).toBe(probe.status);
    if (path.endsWith('/stream')) expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    controller.abort();
    await res.body?.cancel().catch(() => undefined);
  });
});

describe('route tables can not be ambiguous', () => {
  /** Two patterns overlap when some path fits both: same length, and no position with two different literals. */
  const overlap = (a: string, b: string): boolean => {
    const x = a.split('/');
    const y = b.split('/');
    return x.length === y.length && x.every((s, i) => s.startsWith(':') || y[i]!.startsWith(':') || s === y[i]);
  };

  it.each([
    ['API', API_ROUTES],
    ['control', CONTROL_ROUTES],
  ] as const)('no two %s routes with one method claim the same path', (_name, routes) => {
    const clashes: string[] = [];
    routes.forEach((a, i) =>
      routes.slice(i + 1).forEach((b) => {
        if (a.method === b.method && overlap(a.pattern, b.pattern)) clashes.push(`${a.method} ${a.pattern} / ${b.pattern}`);
      }),
    );
    expect(clashes).toEqual([]);
  });

  it('a malformed pattern is refused when the table is built', () => {
    for (const pattern of ['', 'event', '/', '/profiles//channel', '/profiles/:']) {
      expect(() => new RouteTable([{ method: 'GET', pattern }])).toThrow(/Bad route pattern/);
    }
  });

  it('a parameter matches one non-empty segment and is percent-decoded', () => {
    const table = new RouteTable([{ method: 'GET', pattern: '/profiles/:distinct_id' }]);
    const match = table.match('GET', ['', 'profiles', 'a%2Fb%23c'], 1, 3);
    expect(match).toMatchObject({ kind: 'route', params: { distinct_id: 'a/b#c' } });
    expect(table.match('GET', ['', 'profiles', ''], 1, 3)).toEqual({ kind: 'none' });
    expect(table.match('PUT', ['', 'profiles', 'x'], 1, 3)).toEqual({ kind: 'method', allow: 'GET' });
  });
});
