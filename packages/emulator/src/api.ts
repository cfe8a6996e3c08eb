/**
 * The `/v1/...` pipeline: log the request, draw a fault, match the route in `api-routes.ts`,
 * check the key, read the body under the size cap, run the route's handler, then answer (or
 * fault after processing).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_TABLE, LEGACY_TABLE, type ApiRoute } from './api-routes.js';
import type { PickedFault } from './faults.js';
import { answerThenLinger } from './linger.js';
import { readBody, type BodyResult } from './read-body.js';
import { errorReply, writeReply, type Reply } from './respond.js';
import type { EmulatorState, RouteContext } from './state.js';
import type { RequestLogEntry, Version } from './types.js';

const UNAUTHORIZED = errorReply(401, 'Invalid API details');
const NOT_FOUND = errorReply(404, 'Not found');
const TOO_LARGE = errorReply(413, 'Payload too large');

/** One `/v1/...` request on its way through the pipeline. */
export interface ApiExchange {
  readonly state: EmulatorState;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The request target as received, path and query. */
  readonly url: string;
  readonly path: string;
  /** The raw query string (without `?`). */
  readonly query: string;
}

/** The exchange once logged, with the fault (if any) that hits after processing. */
interface Pending extends ApiExchange {
  readonly entry: RequestLogEntry;
  readonly idempotencyKey: string | undefined;
  afterFault: PickedFault | null;
}

/** Handle one request whose path starts with `/v1/`. */
export function handleApi(exchange: ApiExchange): void {
  const { state, req, res } = exchange;
  const header = req.headers['idempotency-key'];
  const idempotencyKey = Array.isArray(header) ? header[0] : header;
  const entry: RequestLogEntry = {
    method: req.method ?? 'GET',
    path: exchange.url,
    status: null,
    timestamp: new Date().toISOString(),
  };
  if (idempotencyKey !== undefined) entry.idempotency_key = idempotencyKey;
  state.requestLog.add(entry);
  res.once('finish', () => {
    if (!state.quiet) logLine(entry);
    if (entry.reason !== undefined) state.requestLog.refused(entry);
  });
  const pending: Pending = {
    state,
    req,
    res,
    url: exchange.url,
    path: exchange.path,
    query: exchange.query,
    entry,
    idempotencyKey,
    afterFault: null,
  };
  const fault = state.faults.pick();
  if (fault === null) {
    run(pending);
  } else if (fault.phase === 'after') {
    pending.afterFault = fault;
    run(pending);
  } else {
    state.faults.apply(fault, req, res, entry, () => run(pending));
  }
}

function run(pending: Pending): void {
  const { state, req, res, entry } = pending;
  const segs = pending.path.split('/');
  const match = matchApiRoute(entry.method, segs);
  if (match.kind === 'none') return finish(pending, NOT_FOUND);
  if (match.kind === 'method') {
    const reply: Reply = { ...errorReply(405, 'Method not allowed'), headers: { allow: match.allow } };
    return finish(pending, reply);
  }
  // The suppression list is per workspace: a key of either version may use it.
  if (!authorized(state, req, segs[2] ?? '', match.route.unversioned ? 'any' : match.version)) {
    return finish(pending, UNAUTHORIZED);
  }
  const { route } = match;
  const call: RouteContext = {
    state,
    route: route.id,
    version: match.version,
    params: match.params,
    query: pending.query,
    text: '',
    idempotencyKey: pending.idempotencyKey,
    entry,
  };
  if (route.body === false) {
    // These take no body; Node discards any that was sent.
    return finish(pending, route.handler(call));
  }
  readBody(req, state.maxBodyBytes, (body: BodyResult) => {
    if (body.tooLarge) {
      entry.status = 413;
      entry.reason = reasonOf(TOO_LARGE);
      answerThenLinger(req, res, TOO_LARGE);
      return;
    }
    call.text = body.text;
    if (body.parsed !== undefined) call.parsed = body.parsed;
    finish(pending, route.handler(call));
  });
}

type ApiMatch =
  | { kind: 'route'; route: ApiRoute; version: Version; params: Readonly<Record<string, string>> }
  | { kind: 'method'; allow: string }
  | { kind: 'none' };

/**
 * Match `segs` (`path.split('/')` of a path starting `/v1/`): `['', 'v1', WSID, version, ...rest]`
 * against the route table, or the legacy `['', 'v1', WSID, 'event'(, 'bulk')]` as live.
 */
function matchApiRoute(method: string, segs: string[]): ApiMatch {
  // One trailing slash is tolerated, as most HTTP servers do.
  const end = segs.length > 3 && segs[segs.length - 1] === '' ? segs.length - 1 : segs.length;
  if (end < 4 || !segs[2]) return NOT_MATCHED;
  const third = segs[3];
  const versioned = third === 'live' || third === 'test';
  const match = versioned ? API_TABLE.match(method, segs, 4, end) : LEGACY_TABLE.match(method, segs, 3, end);
  if (match.kind !== 'route') return match;
  return { kind: 'route', route: match.route, version: versioned ? third : 'live', params: match.params };
}

const NOT_MATCHED = { kind: 'none' } as const;

/** Send the reply, or (for an after-phase fault) apply the fault once the work is recorded. */
function finish(pending: Pending, reply: Reply): void {
  const { state, req, res, entry, afterFault } = pending;
  if (afterFault === null) {
    entry.status = reply.status;
    if (reply.status >= 400) entry.reason = reasonOf(reply);
    writeReply(res, reply);
    return;
  }
  state.faults.apply(afterFault, req, res, entry, () => {
    entry.status = reply.status;
    if (reply.status >= 400) entry.reason = reasonOf(reply);
    writeReply(res, reply);
  });
}

/** Longest reason kept: one terminal line, one row of the inbox page. */
const MAX_REASON_CHARS = 300;

/**
 * Why a request was refused: the `_message` of its error reply, on one line (control characters,
 * a newline in a quoted event name included, become spaces) and capped in length.
 */
function reasonOf(reply: Reply): string {
  let message: unknown;
  try {
    message = (JSON.parse(reply.body) as { _message?: unknown })._message;
  } catch {
    // Every error reply is ours and JSON; fall back to the status alone.
  }
  const text = (typeof message === 'string' && message !== '' ? message : `HTTP ${reply.status}`).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}…` : text;
}

/** Bearer key known, scoped to this version, and the workspace id matches. */
function authorized(state: EmulatorState, req: IncomingMessage, wsid: string, version: Version | 'any'): boolean {
  if (wsid !== state.workspaceId) return false;
  const header = req.headers.authorization;
  if (header === undefined || header.length < 8) return false;
  if (header.slice(0, 7).toLowerCase() !== 'bearer ') return false;
  const scope = state.keys.get(header.slice(7).trim());
  return scope === 'both' || (scope !== undefined && (version === 'any' || scope === version));
}

function logLine(entry: RequestLogEntry): void {
  const fault = entry.fault ? ` [fault: ${entry.fault}]` : '';
  const replay = entry.idempotent_replay ? ' [idempotent replay]' : '';
  const reason = entry.reason !== undefined ? `: ${entry.reason}` : '';
  process.stderr.write(`${entry.method} ${entry.path} -> ${entry.status ?? '-'}${fault}${replay}${reason}\n`);
}
