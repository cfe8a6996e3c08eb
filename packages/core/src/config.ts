/** Client options: defaults, environment fallbacks (`FYNO_*`, as the official SDK reads them) and checks. */
import { FynoValidationError } from './errors';
import type { OpenTelemetryApi } from './telemetry';
import type { FetchLike } from './transport/types';
import type { FynoVersion } from './types';

/** Options of `new Fyno()`. Every field is optional when the matching `FYNO_*` variable is set. */
export interface FynoOptions {
  /** Workspace id (`FYNO_WSID`). */
  workspaceId?: string;
  /** API key (`FYNO_API_KEY`). Sent only as `Authorization: Bearer`; never in an error or log. */
  apiKey?: string;
  /** `live` (default) or `test` (`FYNO_VERSION`). */
  version?: FynoVersion;
  /** API base, default `https://api.fyno.io/v1` (`FYNO_BASE_URL`); a trailing slash is fine. */
  baseUrl?: string;
  /** Per-attempt timeout. Default 15 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt, for retryable failures only. Default 2. */
  maxRetries?: number;
  /** First backoff delay; doubles each retry, with jitter. Default 250 ms. */
  initialRetryDelayMs?: number;
  /** Largest backoff delay. Default 8 000 ms. */
  maxRetryDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the call fails with its `retryAfterMs`. Default 60 000 ms. */
  maxRetryAfterMs?: number;
  /** Use this `fetch` instead of the default transport (undici on Node, global fetch elsewhere). */
  fetch?: FetchLike;
  /** Sockets per origin in the Node pool. Default 64. */
  connections?: number;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** Largest body of one bulk request; bigger batches are split. Default 9 500 000 bytes (under Fyno's 10 MB). */
  maxBulkBytes?: number;
  /** Most items in one bulk request; bigger batches are split. Default 1 000. */
  maxBulkItems?: number;
  /**
   * Where retries and sends that reached no channel (`warn`) and failed calls (`error`) are logged:
   * `console`, a pino or winston logger, anything with these methods; `false` for nothing. Default:
   * while developing (`NODE_ENV` unset or anything but `production` and `test`), the warnings on
   * `console.warn`, one line each; with `NODE_ENV=production` or `test`, silent. Lines carry the
   * call, event name, attempt, reason, delay, idempotency key, Fyno `request_id` and duration; never
   * the API key, recipients, data or Fyno's `_message`. Node build only (the browser-safe build
   * leaves logging out to stay small).
   */
  logger?: FynoLogger | false;
  /**
   * OpenTelemetry: one span per call with an event per attempt. By default the Node build loads
   * `@opentelemetry/api` when it is installed (an optional peer) and does nothing when it is not.
   * Pass the API module (`import * as api from '@opentelemetry/api'`) to choose it explicitly (e.g.
   * in a bundled app), or `false` to turn tracing off. Node build only.
   */
  openTelemetry?: OpenTelemetryApi | false;
}

/**
 * A logger: `console`, pino, winston, or anything with these methods. pino-style loggers (with
 * `levels.values`) are called as `(fields, message)`; others as `(message, fields)`.
 */
export interface FynoLogger {
  /** Not used yet; accepted so any common logger fits. */
  debug?(...args: unknown[]): unknown;
  /** Not used yet; accepted so any common logger fits. */
  info?(...args: unknown[]): unknown;
  /** A retry (the attempt failed and another follows), or a send accepted that reached no channel. */
  warn(...args: unknown[]): unknown;
  /** A call failed for good. */
  error(...args: unknown[]): unknown;
}

/** Options after defaults and environment are applied. */
export interface ResolvedConfig {
  workspaceId: string;
  apiKey: string;
  version: FynoVersion;
  origin: string;
  /** The API base as configured, origin and path without a trailing slash, e.g. `https://api.fyno.io/v1`: for messages. */
  base: string;
  /** Path prefix up to and including the version, e.g. `/v1/FY123/live`. */
  prefix: string;
  /** Path prefix up to the workspace, e.g. `/v1/FY123` (calls with no version segment). */
  workspacePrefix: string;
  timeoutMs: number;
  maxRetries: number;
  initialRetryDelayMs: number;
  maxRetryDelayMs: number;
  maxRetryAfterMs: number;
  headers: Record<string, string>;
  maxBulkBytes: number;
  maxBulkItems: number;
}

const DEFAULT_BASE_URL = 'https://api.fyno.io/v1';

function env(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = proc?.env?.[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Copies headers with lower-case names (HTTP names are case-insensitive; ours are lower-case). */
export function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) out[key.toLowerCase()] = value;
  return out;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new FynoValidationError(`Option ${name} must be a non-negative number`, name);
  }
  return value;
}

/** Applies defaults and `FYNO_*` variables; throws one `FynoValidationError` naming what is missing. */
export function resolveConfig(options: FynoOptions, userAgent: string): ResolvedConfig {
  const workspaceId = options.workspaceId ?? env('FYNO_WSID');
  const apiKey = options.apiKey ?? env('FYNO_API_KEY');
  const missing: string[] = [];
  if (!workspaceId) missing.push('workspace id (pass `workspaceId` or set FYNO_WSID)');
  if (!apiKey) missing.push('API key (pass `apiKey` or set FYNO_API_KEY)');
  if (missing.length > 0 || !workspaceId || !apiKey) {
    throw new FynoValidationError(`Missing Fyno ${missing.join(' and ')}`, !workspaceId ? 'workspaceId' : 'apiKey');
  }
  const version = options.version ?? (env('FYNO_VERSION') as FynoVersion | undefined) ?? 'live';
  if (version !== 'live' && version !== 'test') {
    throw new FynoValidationError(`Fyno version must be "live" or "test" (got "${String(version)}")`, 'version');
  }
  const rawBase = options.baseUrl ?? env('FYNO_BASE_URL') ?? env('FYNO_ENDPOINT') ?? DEFAULT_BASE_URL;
  let url: URL | undefined;
  try {
    url = new URL(rawBase);
  } catch {
    // Refused just below, with the same message as a non-http URL.
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new FynoValidationError('Fyno baseUrl must be an absolute http(s) URL', 'baseUrl');
  }
  const basePath = url.pathname.replace(/\/+$/, '');
  return {
    workspaceId,
    apiKey,
    version,
    origin: url.origin,
    // Origin and path only: userinfo, query and fragment of a configured URL never reach a message.
    base: url.origin + basePath,
    prefix: `${basePath}/${encodeURIComponent(workspaceId)}/${version}`,
    workspacePrefix: `${basePath}/${encodeURIComponent(workspaceId)}`,
    timeoutMs: nonNegative('timeoutMs', options.timeoutMs, 15_000) || 15_000,
    maxRetries: Math.floor(nonNegative('maxRetries', options.maxRetries, 2)),
    initialRetryDelayMs: nonNegative('initialRetryDelayMs', options.initialRetryDelayMs, 250),
    maxRetryDelayMs: nonNegative('maxRetryDelayMs', options.maxRetryDelayMs, 8_000),
    maxRetryAfterMs: nonNegative('maxRetryAfterMs', options.maxRetryAfterMs, 60_000),
    headers: {
      ...lowerCaseKeys(options.headers),
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': userAgent,
    },
    maxBulkBytes: nonNegative('maxBulkBytes', options.maxBulkBytes, 9_500_000),
    maxBulkItems: Math.max(1, Math.floor(nonNegative('maxBulkItems', options.maxBulkItems, 1_000))),
  };
}
