/**
 * The `/v1/...` pipeline: log the request, draw a fault, match the route, check the key, read
 * the body under the size cap, run the route, then answer (or fault after processing).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PickedFault } from './faults.js';
import { answerThenLinger } from './linger.js';
import { readBody, type BodyResult } from './read-body.js';
import { errorReply, writeReply, type Reply } from './respond.js';
import { matchApiRoute, type RouteId } from './route-match.js';
import { handleEvent } from './routes-events.js';
import { handleProfiles } from './routes-profiles.js';
import { handleProperties } from './routes-properties.js';
import { handleSubscriptions } from './routes-subscriptions.js';
import { handleVerify } from './routes-verify.js';
import type { ApiCall, EmulatorState } from './state.js';
import type { RequestLogEntry, Version } from './types.js';

const UNAUTHORIZED = errorReply(401, 'Invalid API details');
const NOT_FOUND = errorReply(404, 'Not found');
const TOO_LARGE = errorReply(413, 'Payload too large');

/** Handle one request whose path starts with `/v1/`. */
export function handleApi(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  path: string,
  query: string,
): void {
  const header = req.headers['idempotency-key'];
  const idempotencyKey = Array.isArray(header) ? header[0] : header;
  const entry: RequestLogEntry = {
    method: req.method ?? 'GET',
    path: url,
    status: null,
    timestamp: new Date().toISOString(),
  };
  if (idempotencyKey !== undefined) entry.idempotency_key = idempotencyKey;
  state.requestLog.add(entry);
  if (!state.quiet) res.once('finish', () => logLine(entry));
  const fault = state.faults.pick();
  if (fault === null) {
    run(state, req, res, path, query, entry, idempotencyKey, null);
  } else if (fault.phase === 'after') {
    run(state, req, res, path, query, entry, idempotencyKey, fault);
  } else {
    state.faults.apply(fault, req, res, entry, () =>
      run(state, req, res, path, query, entry, idempotencyKey, null),
    );
  }
}

function run(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: string,
  entry: RequestLogEntry,
  idempotencyKey: string | undefined,
  afterFault: PickedFault | null,
): void {
  const segs = path.split('/');
  const match = matchApiRoute(entry.method, segs);
  if (match.kind === 'none') return finish(state, req, res, entry, NOT_FOUND, afterFault);
  if (match.kind === 'method') {
    const reply: Reply = { ...errorReply(405, 'Method not allowed'), headers: { allow: match.allow } };
    return finish(state, req, res, entry, reply, afterFault);
  }
  if (!authorized(state, req, segs[2] ?? '', match.version)) {
    return finish(state, req, res, entry, UNAUTHORIZED, afterFault);
  }
  const call: ApiCall = {
    route: match.route,
    version: match.version,
    params: match.params,
    query,
    text: '',
    idempotencyKey,
    entry,
  };
  if (entry.method === 'GET' || match.route === 'profile-merge' || match.route === 'verify') {
    // These take no body; Node discards any that was sent.
    return finish(state, req, res, entry, dispatch(state, call), afterFault);
  }
  readBody(req, state.maxBodyBytes, (body: BodyResult) => {
    if (body.tooLarge) {
      entry.status = 413;
      answerThenLinger(req, res, TOO_LARGE);
      return;
    }
    call.text = body.text;
    if (body.parsed !== undefined) call.parsed = body.parsed;
    finish(state, req, res, entry, dispatch(state, call), afterFault);
  });
}

function dispatch(state: EmulatorState, call: ApiCall): Reply {
  const route: RouteId = call.route;
  switch (route) {
    case 'event':
    case 'bulk':
      return handleEvent(state, call);
    case 'properties':
      return handleProperties(state, call);
    case 'verify':
      return handleVerify(state, call);
    case 'preference-get':
    case 'preference-put':
    case 'subscription-user':
      return handleSubscriptions(state, call);
    default:
      return handleProfiles(state, call);
  }
}

/** Send the reply, or (for an after-phase fault) apply the fault once the work is recorded. */
function finish(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  entry: RequestLogEntry,
  reply: Reply,
  afterFault: PickedFault | null,
): void {
  if (afterFault === null) {
    entry.status = reply.status;
    writeReply(res, reply);
    return;
  }
  state.faults.apply(afterFault, req, res, entry, () => {
    entry.status = reply.status;
    writeReply(res, reply);
  });
}

/** Bearer key known, scoped to this version, and the workspace id matches. */
function authorized(state: EmulatorState, req: IncomingMessage, wsid: string, version: Version): boolean {
  if (wsid !== state.workspaceId) return false;
  const header = req.headers.authorization;
  if (header === undefined || header.length < 8) return false;
  if (header.slice(0, 7).toLowerCase() !== 'bearer ') return false;
  const scope = state.keys.get(header.slice(7).trim());
  return scope === 'both' || scope === version;
}

function logLine(entry: RequestLogEntry): void {
  const fault = entry.fault ? ` [fault: ${entry.fault}]` : '';
  const replay = entry.idempotent_replay ? ' [idempotent replay]' : '';
  process.stderr.write(`${entry.method} ${entry.path} -> ${entry.status ?? '-'}${fault}${replay}\n`);
}
