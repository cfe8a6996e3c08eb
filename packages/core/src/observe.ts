/**
 * Logs and traces a client's calls: a `warn` line per retry and an `error` line per failed call,
 * and one span per logical call with an event per attempt. Only what is safe to show goes out:
 * event name, status, error code, delays, idempotency key, Fyno's `request_id`; never recipients,
 * data, Fyno's `_message` (it may quote a recipient) or the key. Node entry only, to keep the
 * browser-safe build small.
 */
import { bulkAnswersOf, mayHoldItemWithoutChannel } from './bulk-response';
import type { FynoLogger, FynoOptions } from './config';
import type { FynoError } from './errors';
import type { AttemptHook, CallInfo, Observe } from './request';
import {
  chooseOpenTelemetry,
  createTelemetry,
  NOOP_SPAN,
  withSpan,
  type OpenTelemetryApi,
  type SpanAttributes,
  type SpanHandle,
  type Telemetry,
} from './telemetry';

/** Log fields of one line; keys are snake_case like the span attributes. */
type Fields = Record<string, string | number | undefined>;

/** `(message, fields)` for console and winston; `(fields, message)` for pino (it has `levels.values`). */
function writer(logger: FynoLogger): (level: 'warn' | 'error', message: string, fields: Fields) => void {
  const fieldsFirst = typeof (logger as { levels?: { values?: unknown } }).levels?.values === 'object';
  return (level, message, fields) => {
    for (const key in fields) if (fields[key] === undefined) delete fields[key];
    try {
      if (fieldsFirst) logger[level](fields, message);
      else logger[level](message, fields);
    } catch {
      // A broken logger must not break the call it reports on.
    }
  };
}

/** Why an attempt failed: `HTTP 503`, `timeout`, `connection_error (ECONNRESET)`. */
function reasonOf(status: number | undefined, error: FynoError | undefined): string {
  if (status !== undefined) return `HTTP ${status}`;
  const errno = (error?.cause as { code?: unknown } | undefined)?.code;
  return `${error?.code ?? 'error'}${typeof errno === 'string' ? ` (${errno})` : ''}`;
}

/** Profile and property calls, by method and path below the version (ids never reach the name). */
const PROFILE_CALLS: Array<[method: string, path: RegExp, name: string]> = [
  ['POST', /^\/profiles\/properties\/([a-z-]+)$/, 'fyno.profiles.properties.'],
  ['POST', /^\/profiles\/delete$/, 'fyno.profiles.delete'],
  ['POST', /^\/profiles$/, 'fyno.profiles.create'],
  ['GET', /^\/profiles\/[^/]+$/, 'fyno.profiles.get'],
  ['PUT', /^\/profiles\/[^/]+$/, 'fyno.profiles.update'],
  ['PATCH', /^\/profiles\/[^/]+\/merge\/[^/]+$/, 'fyno.profiles.merge'],
  ['PATCH', /^\/profiles\/[^/]+\/channel$/, 'fyno.profiles.add_channel'],
  ['POST', /^\/profiles\/[^/]+\/channel\/delete$/, 'fyno.profiles.remove_channel'],
  ['GET', /^\/subscriptions\/preference$/, 'fyno.preferences.get'],
  ['PUT', /^\/subscriptions\/preference$/, 'fyno.preferences.update'],
  ['POST', /^\/subscriptions\/list\/[^/]+\/user$/, 'fyno.preferences.set'],
  ['POST', /^\/verify\/validate$/, 'fyno.verify.validate'],
  ['GET', /^\/suppressions$/, 'fyno.suppressions.list'],
  ['POST', /^\/suppressions$/, 'fyno.suppressions.add'],
  ['DELETE', /^\/suppressions$/, 'fyno.suppressions.remove'],
];

/** The span name of a call, from its method and path; never an id. */
export function callName(info: CallInfo, internal?: boolean): string {
  if (info.path === '/event') return 'fyno.fire';
  // A queue batch serves many callers, so it is the one call that starts a trace of its own.
  if (info.path === '/event/bulk') return internal ? 'fyno.queue.batch' : 'fyno.fire_bulk';
  for (const [method, pattern, name] of PROFILE_CALLS) {
    const match = info.method === method ? pattern.exec(info.path) : null;
    if (match) return match[1] ? name + match[1].replace(/-/g, '_') : name;
  }
  return `fyno.${info.method.toLowerCase()}`;
}

function requestIdOf(value: unknown): string | undefined {
  const id = (value as { request_id?: unknown } | null | undefined)?.request_id;
  return typeof id === 'string' ? id : undefined;
}

/** `error.type`: the HTTP status when Fyno answered (as the HTTP conventions say), else the error code. */
function errorTypeOf(error: FynoError | undefined, status: number | undefined): string | undefined {
  if (status !== undefined && status >= 400) return String(status);
  return error?.code;
}

/** The tracer for a client's options: the given API, else `loadApi()` (the installed one), or none. */
export function telemetryFor(options: FynoOptions, version: string, loadApi: () => OpenTelemetryApi | undefined): Telemetry | undefined {
  const api = chooseOpenTelemetry(options.openTelemetry, loadApi);
  return api ? createTelemetry(api, { name: '@fyno-kit/core', version }) : undefined;
}

/** Builds the logging and tracing wrapper, or undefined for neither (the client's fast path). */
export function createObserve(logger: FynoLogger | undefined, telemetry: Telemetry | undefined): Observe | undefined {
  const log = logger ? writer(logger) : undefined;
  if (!telemetry && !log) return undefined;
  return (info, run, internal) => observed(info, run, telemetry, log, internal);
}

function observed<T>(
  info: CallInfo,
  run: (hook: AttemptHook | undefined) => Promise<T>,
  telemetry: Telemetry | undefined,
  log: ReturnType<typeof writer> | undefined,
  internal: boolean | undefined,
): Promise<T> {
  const name = callName(info, internal);
  let attempts = 0;
  let lastStatus: number | undefined;
  let lastError: FynoError | undefined;
  const startedMs = performance.now();
  const common = (): Fields => ({
    call: name,
    fyno_event: info.event,
    idempotency_key: info.idempotencyKey,
    bulk_size: info.bulkSize,
  });

  const body = (span: SpanHandle): Promise<T> => {
    // Neither recorded nor logged (e.g. the no-op tracer): the call as is.
    if (!span.recording && !log) return run(undefined);
    const hook: AttemptHook | undefined =
      span.recording || log
        ? (attempt, duration, okStatus, error, retryInMs) => {
            const errorStatus = (error as { status?: unknown } | undefined)?.status;
            const status = okStatus ?? (typeof errorStatus === 'number' ? errorStatus : undefined);
            // Summed over the call's requests (a split fireBulk makes several).
            attempts++;
            lastStatus = status;
            lastError = error;
            const durationMs = Math.round(duration);
            const errorBody = (error as { body?: unknown } | undefined)?.body;
            if (span.recording) {
              span.event('fyno.attempt', {
                'fyno.attempt': attempt,
                'http.response.status_code': status,
                'error.type': error ? errorTypeOf(error, status) : undefined,
                'fyno.request_id': requestIdOf(errorBody),
                'fyno.duration_ms': durationMs,
                'fyno.retry_delay_ms': retryInMs,
              });
            }
            if (log && error && retryInMs !== undefined) {
              const reason = reasonOf(status, error);
              log('warn', `[fyno-kit] ${name}: attempt ${attempt} failed (${reason}); retrying in ${retryInMs} ms`, {
                ...common(),
                attempt,
                reason,
                status,
                error_code: error.code,
                delay_ms: retryInMs,
                request_id: requestIdOf(errorBody),
                duration_ms: durationMs,
              });
            }
          }
        : undefined;
    return run(hook).then(
      (value) => {
        if (log && name === 'fyno.fire' && reachedNoChannel(value)) {
          // Accepted, yet sent nowhere: the user has no destination for this event (docs: "202 with no channels").
          log(
            'warn',
            `[fyno-kit] fyno.fire: "${info.event}" was accepted but reached no channel: this user has no destination for it (no profile channel and no \`to\`)`,
            {
              ...common(),
              request_id: requestIdOf(value),
            },
          );
        } else if (log && name !== 'fyno.fire') {
          const nobody = seqsReachingNoChannel(value);
          if (nobody.length > 0) {
            const total = (value as { response: unknown[] }).response.length;
            const which = nobody.length > 5 ? `${nobody.slice(0, 5).join(', ')}, …` : nobody.join(', ');
            log(
              'warn',
              `[fyno-kit] ${name}: ${nobody.length} of ${total} "${info.event}" notification(s) were accepted but reached no channel (item ${which}): those users have no destination for it (no profile channel and no \`to\`)`,
              {
                ...common(),
                no_channel_count: nobody.length,
                request_id: requestIdOf(value),
              },
            );
          }
        }
        if (span.recording) {
          span.set({
            'fyno.request_id': requestIdOf(value),
            'fyno.attempts': attempts,
            'http.response.status_code': lastStatus,
          });
        }
        return value;
      },
      (error: unknown) => {
        const fynoError = (error as FynoError | undefined) ?? lastError;
        const status = (error as { status?: unknown })?.status;
        const httpStatus = typeof status === 'number' ? status : undefined;
        if (span.recording) span.set({ 'fyno.attempts': attempts, 'http.response.status_code': httpStatus });
        if (log) {
          log('error', `[fyno-kit] ${name} failed after ${attempts} attempt(s): ${fynoError?.code ?? 'error'}${httpStatus ? ` (HTTP ${httpStatus})` : ''}`, {
            ...common(),
            attempts,
            status: httpStatus,
            error_code: fynoError?.code,
            request_id: requestIdOf((error as { body?: unknown })?.body),
            duration_ms: Math.round(performance.now() - startedMs),
          });
        }
        throw error;
      },
    );
  };

  if (!telemetry) return body(NOOP_SPAN);
  const attributes: SpanAttributes = {
    'fyno.event': info.event,
    'fyno.idempotency_key': info.idempotencyKey,
    'fyno.bulk.size': info.bulkSize,
    'http.request.method': info.method,
  };
  return withSpan(telemetry, name, attributes, body, {
    root: internal,
    describeError: (error) => {
      const status = (error as { status?: unknown })?.status;
      return { 'error.type': errorTypeOf(error as FynoError, typeof status === 'number' ? status : undefined) ?? 'Error' };
    },
  });
}

/** True for a fire response whose `response` names no channel at all. */
function reachedNoChannel(value: unknown): boolean {
  const response = (value as { response?: unknown } | null)?.response;
  return typeof response === 'object' && response !== null && Object.keys(response).length === 0;
}

/** The `seq` of each item of a bulk response that names no channel (only `seq` and `request_id`). */
function seqsReachingNoChannel(value: unknown): number[] {
  const seqs: number[] = [];
  // A result still unparsed is parsed only when some answer may hold such an item (the exception).
  if (bulkAnswersOf(value)?.some((answer) => mayHoldItemWithoutChannel(answer.body)) === false) return seqs;
  const response = (value as { response?: unknown } | null)?.response;
  if (!Array.isArray(response)) return seqs;
  response.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null) return;
    const keys = Object.keys(item).filter((key) => key !== 'seq' && key !== 'request_id');
    if (keys.length === 0) seqs.push(typeof (item as { seq?: unknown }).seq === 'number' ? (item as { seq: number }).seq : i + 1);
  });
  return seqs;
}
