/**
 * The `/_emulator/*` control routes: inspect and clear messages and the request log, stream new
 * messages, and set faults over HTTP. No auth (local use), and no API key ever appears here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultController } from './faults.js';
import { readBody } from './read-body.js';
import { errorReply, isPlainObject, jsonReply, writeReply, type Reply } from './respond.js';
import type { SseHub } from './sse.js';
import type { EmulatorState } from './state.js';
import type { FailNextFault, FaultOptions, MessageFilter, Version } from './types.js';

const CONTROL_BODY_MAX_BYTES = 64 * 1024;
const NO_CONTENT: Reply = { status: 204, body: '' };

/** Handle a request whose path starts with `/_emulator`. */
export function handleEmulatorRoute(
  state: EmulatorState,
  sse: SseHub,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: string,
): void {
  const method = req.method ?? 'GET';
  const allow = (methods: string): void =>
    writeReply(res, { ...errorReply(405, 'Method not allowed'), headers: { allow: methods } });
  switch (path) {
    case '/_emulator/messages':
      if (method === 'GET') return writeReply(res, jsonReply(200, state.messages.list(filterFrom(query))));
      if (method === 'DELETE') {
        state.messages.clear();
        return writeReply(res, NO_CONTENT);
      }
      return allow('GET, DELETE');
    case '/_emulator/requests':
      if (method === 'GET') return writeReply(res, jsonReply(200, state.requestLog.list()));
      if (method === 'DELETE') {
        state.requestLog.clear();
        return writeReply(res, NO_CONTENT);
      }
      return allow('GET, DELETE');
    case '/_emulator/reports':
      if (method === 'GET') return writeReply(res, jsonReply(200, state.reports.reports()));
      if (method === 'DELETE') {
        state.reports.clear();
        return writeReply(res, NO_CONTENT);
      }
      return allow('GET, DELETE');
    case '/_emulator/webhooks':
      return method === 'GET' ? writeReply(res, jsonReply(200, state.reports.statuses())) : allow('GET');
    case '/_emulator/stream':
      return method === 'GET' ? sse.open(req, res) : allow('GET');
    case '/_emulator/health':
      return method === 'GET'
        ? writeReply(res, jsonReply(200, { status: 'ok', workspace_id: state.workspaceId }))
        : allow('GET');
    case '/_emulator/faults':
      if (method !== 'PUT') return allow('PUT');
      return withJson(req, res, (body) => {
        if (body !== null && !isPlainObject(body)) return errorReply(400, 'Body must be fault options or null');
        state.faults.set(body as FaultOptions | null);
        return NO_CONTENT;
      });
    case '/_emulator/fail-next':
      if (method !== 'POST') return allow('POST');
      return withJson(req, res, (body) => failNext(state.faults, body));
    default:
      return writeReply(res, errorReply(404, 'Not found'));
  }
}

function filterFrom(query: string): MessageFilter | undefined {
  if (query === '') return undefined;
  const q = new URLSearchParams(query);
  const filter: MessageFilter = {};
  const distinctId = q.get('distinct_id');
  const event = q.get('event');
  const version = q.get('version');
  const requestId = q.get('request_id');
  if (distinctId !== null) filter.distinct_id = distinctId;
  if (event !== null) filter.event = event;
  if (version === 'live' || version === 'test') filter.version = version as Version;
  if (requestId !== null) filter.request_id = requestId;
  return filter;
}

function failNext(faults: FaultController, body: unknown): Reply {
  if (!isPlainObject(body)) return errorReply(400, 'Body must be {count, fault, phase?}');
  const count = body.count ?? 1;
  const fault = body.fault;
  const phase = body.phase ?? 'before';
  const validFault =
    fault === 'reset' ||
    (isPlainObject(fault) && (typeof fault.status === 'number' || typeof fault.stallMs === 'number'));
  if (typeof count !== 'number' || count < 1 || !validFault || (phase !== 'before' && phase !== 'after')) {
    return errorReply(400, "Body must be {count: number, fault: {status} | 'reset' | {stallMs}, phase?}");
  }
  faults.failNext(count, fault as FailNextFault, phase);
  return NO_CONTENT;
}

function withJson(req: IncomingMessage, res: ServerResponse, use: (body: unknown) => Reply): void {
  readBody(req, CONTROL_BODY_MAX_BYTES, (result) => {
    if (result.tooLarge) return writeReply(res, errorReply(413, 'Payload too large'), true);
    if (result.parsed !== undefined) return writeReply(res, use(result.parsed));
    let body: unknown;
    try {
      body = result.text === '' ? null : JSON.parse(result.text);
    } catch {
      return writeReply(res, errorReply(400, 'Request body is not valid JSON'));
    }
    writeReply(res, use(body));
  });
}
