/**
 * What an adapter's test file hands the notify-route suite, in core's and the emulator's own types
 * (imported as types only: the suite runs against whatever build the caller's package resolves).
 */
import type { DataRule, NotifyErrorCode, NotifyPolicy, NotifyRouteClient } from '@fyno-kit/core/server';
import type { RunningEmulator } from '@fyno-kit/emulator';
import type { SlowBodyBound } from '../slow-body-case';

/**
 * The stable error codes of the notify route, written out as the core README's table lists them:
 * the suite's own oracle, not core's list. The compiler ties the two together both ways.
 */
export const SUITE_ERROR_CODES = [
  'method_not_allowed',
  'unsupported_media_type',
  'payload_too_large',
  'request_timeout',
  'invalid_json',
  'invalid_body',
  'forbidden_field',
  'unauthorized',
  'event_not_allowed',
  'rate_limited',
  'rate_limiter_unavailable',
  'invalid_data',
  'upstream_rejected',
  'upstream_rate_limited',
  'upstream_error',
  'upstream_unavailable',
  'upstream_timeout',
  'internal_error',
] as const satisfies readonly NotifyErrorCode[];

/** A code core answers with but the list above lacks fails to compile here. */
const everyCodeListed: [Exclude<NotifyErrorCode, (typeof SUITE_ERROR_CODES)[number]>] extends [never] ? true : never = true;
void everyCodeListed;

/** The emulator controls the suite uses (`startEmulator()`'s result). */
export type SuiteEmulator = Pick<RunningEmulator, 'baseUrl' | 'workspaceId' | 'apiKey' | 'messages' | 'requests' | 'clear' | 'failNext' | 'stop'>;

/** The policy the suite mounts: core's, over whatever request the host hands `identify` (a Node or a web request). */
export type SuitePolicy = NotifyPolicy<any>;

/** The options the route's client is built with. */
export interface SuiteClientOptions {
  baseUrl: string;
  workspaceId: string;
  apiKey: string;
  maxRetries: number;
  timeoutMs: number;
}

/**
 * The same policy as data, for a host in another process (Bun, Deno, workerd): the host builds the
 * suite's standard policy from it (tooling/test-support/hosts/suite-app.js).
 */
export interface SuiteRecipe {
  /** `header`: the user is the `x-test-user` header; `log-probe`: also throws for `throws` and returns a number for `number`. */
  identify: 'header' | 'log-probe';
  client: SuiteClientOptions;
  /** `report`: errors go to `onError` and come back through `sync`; `default`: the route's own log line. */
  onError: 'report' | 'default';
  maxBodyBytes?: number;
  rateLimit?: { limit?: number; windowMs?: number } | false;
  bodyTimeoutMs?: number;
}

/** What a host in another process hands back since the last `sync`: what `onError` got, and its console calls. */
export interface SuiteSync {
  reports: Array<{ code: string; error: string }>;
  logs: unknown[][];
}

/** One app the suite started. */
export interface StartedApp {
  url: string;
  close(): Promise<void>;
  appErrors?: () => readonly unknown[];
  sync?: () => Promise<SuiteSync>;
}

/** What an adapter's test file passes in. */
export interface AdapterSuiteOptions {
  /**
   * Mounts `policy` on a fresh app listening on 127.0.0.1; `url` is the route's full URL.
   * `appErrors` lists what reached the app's own error handler (it must stay empty). A host in
   * another process builds the policy from `recipe` instead, and returns `sync`, which the suite
   * calls after every answer to take in that host's `onError` reports and console lines.
   */
  start(policy: SuitePolicy, recipe: SuiteRecipe): Promise<StartedApp>;
  /**
   * False when a framework parser in front of the route reads the body (then a slow or aborted
   * upload is that parser's business, not the route's). Default true.
   */
  routeReadsBody?: boolean;
  /**
   * False where the host's server keeps a connection open after the route's 408 (Deno's `Deno.serve`
   * does, until the sender finishes): the 408 must still arrive in time. Default true.
   */
  closesStalledConnections?: boolean;
  /**
   * True where the runtime's `fetch` itself re-sends a request whose reused connection was reset
   * (Deno's does, with the same headers): the route then answers 202, and the Idempotency-Key keeps
   * it to one message. Default false: the reset reaches the route as 503.
   */
  fetchRetriesReset?: boolean;
  /**
   * True where the host cuts the connection once the route stops reading an oversize streamed body:
   * workerd drops it, and the Node bridges of SvelteKit (`@sveltejs/kit/node`) and React Router
   * (`@react-router/node`) destroy the request when the route cancels the rest of the body. A client
   * still sending then sees the connection cut instead of the 413. Nothing may be sent upstream
   * either way. Default false: the 413 always arrives.
   */
  cutsOversizeStream?: boolean;
  /**
   * What ends a body sent one byte at a time (slow-body-case.ts): the route's `bodyTimeoutMs`
   * ('route', the default), or the server's `requestTimeout` ('server': `start` must then serve with
   * `requestTimeout` at most SUITE_REQUEST_TIMEOUT_MS).
   */
  slowBody?: SlowBodyBound;
  /**
   * The host's own cross-site check in front of every route (browsers send `Origin`; fetch from a
   * server sends none). The suite asserts the host's 403 (its own text, nothing sent upstream) where
   * it refuses, and the route's answer for the same request from the app's own origin:
   * - `none` (default): no check; the route answers whatever the `Origin`.
   * - `foreign-origin`: a form-typed POST (`text/plain`, urlencoded, multipart) whose `Origin` is
   *   another site's is refused (Astro's `security.checkOrigin`).
   * - `own-origin-only`: every POST, PUT, PATCH or DELETE that is form-typed or has no Content-Type is
   *   refused unless its `Origin` is the app's own, also when it has none (SvelteKit 3's `csrf`).
   */
  originCheck?: 'none' | 'foreign-origin' | 'own-origin-only';
  /** `startEmulator` from `@fyno-kit/emulator`. */
  startEmulator(options: { port: 0; events: string[]; apiKey: string }): Promise<SuiteEmulator>;
  /** Builds a client (`new Fyno(options)`) for the route to send with. */
  createClient(options: SuiteClientOptions): NotifyRouteClient;
  /**
   * A validator that accepts `{ order: string }` and strips other keys, e.g. `z.object({ order: z.string() })`;
   * null for a host in another process, which builds its own policy from the recipe.
   */
  orderSchema: DataRule | null;
}
