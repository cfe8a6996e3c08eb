/**
 * Maps `/v1/...` paths to route ids by looking at segments, with no regexes on the hot path.
 * A path that exists under another method gives the `Allow` list for a 405.
 */
import type { Version } from './types.js';

/** Every API operation the emulator serves. */
export type RouteId =
  | 'event'
  | 'bulk'
  | 'profile-create'
  | 'profile-get'
  | 'profile-update'
  | 'profile-merge'
  | 'profile-delete'
  | 'channel-add'
  | 'channel-delete'
  | 'properties'
  | 'preference-get'
  | 'preference-put'
  | 'subscription-user'
  | 'verify';

/** Result of matching: a route, a known path under the wrong method, or nothing. */
export type RouteMatch =
  | { kind: 'route'; route: RouteId; version: Version; params: string[] }
  | { kind: 'method'; allow: string }
  | { kind: 'none' };

const NONE: RouteMatch = { kind: 'none' };

/** The `/profiles/properties/<op>` operations. */
export const PROPERTY_OPS = new Set([
  'set',
  'set-once',
  'numerical-add',
  'list-append',
  'list-remove',
  'unset',
  'batch',
]);

type Table = Partial<Record<string, RouteId>>;

/**
 * Match `segs`, the result of `path.split('/')` for a path starting `/v1/`:
 * `['', 'v1', WSID, version, ...rest]`, or the legacy `['', 'v1', WSID, 'event'(, 'bulk')]`.
 */
export function matchApiRoute(method: string, segs: string[]): RouteMatch {
  // One trailing slash is tolerated, as most HTTP servers do.
  const end = segs.length > 3 && segs[segs.length - 1] === '' ? segs.length - 1 : segs.length;
  if (end < 4 || !segs[2]) return NONE;
  const third = segs[3];
  if (third === 'event') {
    // Legacy unversioned paths behave as live.
    if (end === 4) return pick(method, { POST: 'event' }, 'live', []);
    if (end === 5 && segs[4] === 'bulk') return pick(method, { POST: 'bulk' }, 'live', []);
    return NONE;
  }
  if (third !== 'live' && third !== 'test') return NONE;
  const version: Version = third;
  const n = end - 4;
  const a = segs[4];
  const b = segs[5];
  if (n === 1) {
    if (a === 'event') return pick(method, { POST: 'event' }, version, []);
    if (a === 'profiles') return pick(method, { POST: 'profile-create' }, version, []);
    return NONE;
  }
  if (n === 2 && b !== undefined && b !== '') {
    if (a === 'event') return b === 'bulk' ? pick(method, { POST: 'bulk' }, version, []) : NONE;
    if (a === 'profiles') {
      const table: Table = { GET: 'profile-get', PUT: 'profile-update' };
      if (b === 'delete') table.POST = 'profile-delete';
      return pick(method, table, version, [decode(b)]);
    }
    if (a === 'subscriptions' && b === 'preference') {
      return pick(method, { GET: 'preference-get', PUT: 'preference-put' }, version, []);
    }
    if (a === 'verify' && b === 'validate') return pick(method, { POST: 'verify' }, version, []);
    return NONE;
  }
  const c = segs[6];
  if (n === 3 && a === 'profiles' && b && c) {
    if (b === 'properties' && PROPERTY_OPS.has(c)) {
      return pick(method, { POST: 'properties' }, version, [c]);
    }
    if (c === 'channel') return pick(method, { PATCH: 'channel-add' }, version, [decode(b)]);
    return NONE;
  }
  const d = segs[7];
  if (n === 4 && b && c && d) {
    if (a === 'profiles' && c === 'merge') {
      return pick(method, { PATCH: 'profile-merge' }, version, [decode(b), decode(d)]);
    }
    if (a === 'profiles' && c === 'channel' && d === 'delete') {
      return pick(method, { POST: 'channel-delete' }, version, [decode(b)]);
    }
    if (a === 'subscriptions' && b === 'list' && d === 'user') {
      return pick(method, { POST: 'subscription-user' }, version, [decode(c)]);
    }
  }
  return NONE;
}

function pick(method: string, table: Table, version: Version, params: string[]): RouteMatch {
  const route = table[method];
  if (route) return { kind: 'route', route, version, params };
  return { kind: 'method', allow: Object.keys(table).join(', ') };
}

function decode(segment: string): string {
  if (segment.indexOf('%') === -1) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
