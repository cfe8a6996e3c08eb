/**
 * The `/_emulator/*` control routes: inspect and clear messages and the request log, stream new
 * messages, and set faults over HTTP. No auth (local use), and no API key ever appears here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultController } from './faults.js';
import { readBody } from './read-body.js';
import { errorReply, isPlainObject, jsonReply, writeReply, type Reply } from './respond.js';
import { RouteTable } from './route-match.js';
import type { SseHub } from './sse.js';
import type { EmulatorState } from './state.js';
import type { FailNextFault, FaultOptions, MessageFilter, Version } from './types.js';

const CONTROL_BODY_MAX_BYTES = 64 * 1024;
/** Most requests one `fail-next` call may fault: plenty for any test, and never a memory hazard. */
export const FAIL_NEXT_MAX_COUNT = 1_000_000;
const NO_CONTENT: Reply = { status: 204, body: '' };

/** One `/_emulator/*` request, as its handler sees it. */
export interface ControlContext {
  readonly state: EmulatorState;
  readonly sse: SseHub;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The raw query string (without `?`). */
  readonly query: string;
}

/** One control route. Handlers write their own answer (the stream never ends on its own). */
export interface ControlRoute {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** The full path; control routes take no parameters and no trailing slash. */
  readonly pattern: string;
  readonly handler: (ctx: ControlContext) => void;
}

/** Every control route, one entry each. */
export const CONTROL_ROUTES: readonly ControlRoute[] = [
  {
    method: 'GET',
    pattern: '/_emulator/messages',
    handler: ({ state, res, query }) => writeReply(res, jsonReply(200, state.messages.list(filterFrom(query)))),
  },
  {
    method: 'DELETE',
    pattern: '/_emulator/messages',
    handler: ({ state, res }) => {
      state.messages.clear();
      writeReply(res, NO_CONTENT);
    },
  },
  {
    // Cut in-app sockets from the server side (`?user_id=` for one user), as a dropped network
    // would: clients reconnect on their own. For browser tests, where the page's offline mode
    // leaves open WebSockets alone.
    method: 'POST',
    pattern: '/_emulator/inapp/disconnect',
    handler: ({ state, res, query }) => {
      const userId = new URLSearchParams(query).get('user_id') ?? undefined;
      let disconnected = 0;
      for (const sockets of state.inappSockets) disconnected += sockets.disconnect(userId);
      writeReply(res, jsonReply(200, { disconnected }));
    },
  },
  {
    method: 'GET',
    pattern: '/_emulator/requests',
    handler: ({ state, res }) => writeReply(res, jsonReply(200, state.requestLog.list())),
  },
  {
    method: 'DELETE',
    pattern: '/_emulator/requests',
    handler: ({ state, res }) => {
      state.requestLog.clear();
      writeReply(res, NO_CONTENT);
    },
  },
  {
    method: 'GET',
    pattern: '/_emulator/reports',
    handler: ({ state, res }) => writeReply(res, jsonReply(200, state.reports.reports())),
  },
  {
    method: 'DELETE',
    pattern: '/_emulator/reports',
    handler: ({ state, res }) => {
      state.reports.clear();
      writeReply(res, NO_CONTENT);
    },
  },
  {
    method: 'GET',
    pattern: '/_emulator/webhooks',
    handler: ({ state, res }) => writeReply(res, jsonReply(200, state.reports.statuses())),
  },
  { method: 'GET', pattern: '/_emulator/stream', handler: ({ sse, req, res }) => sse.open(req, res) },
  {
    method: 'GET',
    pattern: '/_emulator/health',
    handler: ({ state, res }) => writeReply(res, jsonReply(200, { status: 'ok', workspace_id: state.workspaceId })),
  },
  {
    method: 'PUT',
    pattern: '/_emulator/faults',
    handler: ({ state, req, res }) =>
      withJson(req, res, (body) => {
        if (body !== null && !isPlainObject(body)) return errorReply(400, 'Body must be fault options or null');
        state.faults.set(body as FaultOptions | null);
        return NO_CONTENT;
      }),
  },
  {
    method: 'POST',
    pattern: '/_emulator/fail-next',
    handler: ({ state, req, res }) => withJson(req, res, (body) => failNext(state.faults, body)),
  },
];

const CONTROL_TABLE = new RouteTable(CONTROL_ROUTES);

/** Handle a request whose path starts with `/_emulator`. */
export function handleEmulatorRoute(ctx: ControlContext, path: string): void {
  const segs = path.split('/');
  const match = CONTROL_TABLE.match(ctx.req.method ?? 'GET', segs, 1, segs.length);
  if (match.kind === 'route') return match.route.handler(ctx);
  if (match.kind === 'method') {
    return writeReply(ctx.res, { ...errorReply(405, 'Method not allowed'), headers: { allow: match.allow } });
  }
  writeReply(ctx.res, errorReply(404, 'Not found'));
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
  const validFault = fault === 'reset' || (isPlainObject(fault) && (typeof fault.status === 'number' || typeof fault.stallMs === 'number'));
  if (
    !Number.isInteger(count) ||
    (count as number) < 1 ||
    (count as number) > FAIL_NEXT_MAX_COUNT ||
    !validFault ||
    (phase !== 'before' && phase !== 'after')
  ) {
    return errorReply(400, `Body must be {count: integer 1-${FAIL_NEXT_MAX_COUNT}, fault: {status} | 'reset' | {stallMs}, phase?}`);
  }
  faults.failNext(count as number, fault as FailNextFault, phase);
  return NO_CONTENT;
}

/**
 * Runs `use` with the JSON body of a state-changing control route. `Content-Type: application/json`
 * is required: a web page can POST `text/plain` (or a form) to 127.0.0.1 cross-site without a CORS
 * preflight, and could otherwise inject faults into a developer's tests. (DELETE, the other method
 * that changes state, always needs a preflight, which the emulator never grants.)
 */
function withJson(req: IncomingMessage, res: ServerResponse, use: (body: unknown) => Reply): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    return writeReply(res, errorReply(415, 'Control routes take Content-Type: application/json'), !req.complete);
  }
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
