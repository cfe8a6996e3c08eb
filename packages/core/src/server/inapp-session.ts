/**
 * The in-app session route, written once for every framework: it gives the signed-in user what the
 * browser needs to open Fyno's in-app socket — `{ userId, workspaceId, integrationId, signature,
 * url }` — and nothing more. The integration token stays here: it keys the signature and never
 * appears in an answer, an error or a log line. The same `identify` as the notify route decides
 * who is asking (401 when nobody), and answers use the notify route's error table and shape.
 */
import { lazyDefaultClient } from './default-client';
import { type ContextWebHandler, contextWebHandler, type WithHostContext } from './host-context';
import type { Exchange, ExchangeAnswer, ExchangeRoute } from './exchange';
import { DEFAULT_BODY_TIMEOUT_MS } from './limits';
import { reportError } from './log-line';
import { isProfileExists, isProfileMissing } from './profile-errors';
import { errorResponse } from './response';
import { serveExchange, type RouteStages } from './serve-exchange';
import type { NotifyErrorBody, NotifyErrorCode } from './http-types';

/** Fyno's in-app server, as Fyno's own clients connect to it. */
export const DEFAULT_INAPP_URL = 'https://inapp.fyno.io';

/** What the browser receives: enough to connect, never the integration token. */
export interface InappSession {
  /** The in-app user id (the token fires must target): by default the signed-in user's distinct id. */
  userId: string;
  workspaceId: string;
  integrationId: string;
  /** Hex HMAC-SHA256 of `userId` keyed with workspace id + integration token. */
  signature: string;
  /** Origin of the in-app server the browser connects to. */
  url: string;
}

/** The part of a Fyno client the session route needs (any `Fyno` instance fits). */
export interface InappSessionClient {
  readonly workspaceId: string;
  inappSignature(userId: string, integrationToken: string): Promise<string>;
  readonly profiles: {
    addChannel(distinctId: string, channel: { inapp: { token: string; integration_id: string; status: 1 }[] }): Promise<unknown>;
    create(profile: { distinct_id: string; channel: { inapp: { token: string; integration_id: string; status: 1 }[] } }): Promise<unknown>;
  };
}

/** Options of the session route. */
export interface InappSessionOptions<TRequest = never> {
  /** Returns the signed-in user's `distinct_id`, or null/undefined when nobody is signed in (→ 401). */
  identify: (request: TRequest) => string | null | undefined | Promise<string | null | undefined>;
  /** The in-app integration's id. Default: `FYNO_INAPP_INTEGRATION_ID`. */
  integrationId?: string;
  /** The in-app integration's token, a secret that stays on the server. Default: `FYNO_INAPP_TOKEN`. */
  integrationToken?: string;
  /** The in-app server's origin. Default: `FYNO_INAPP_URL`, else `https://inapp.fyno.io`. */
  url?: string;
  /** The client that signs and registers. Default: a `Fyno` built from `FYNO_*` variables on first use. */
  client?: InappSessionClient;
  /**
   * The in-app user id for a signed-in user. Default: the distinct id itself, as Fyno's own SDKs
   * register it, so fires by `distinct_id` reach the inbox.
   */
  userId?: (distinctId: string, request: TRequest) => string | Promise<string>;
  /**
   * Make sure the user's profile carries the in-app token for this integration (`PATCH
   * …/profiles/{id}/channel`, creating the profile when it is missing), once per user and process.
   * Default true; turn it off when profiles are managed elsewhere.
   */
  registerToken?: boolean;
  /** Called with unexpected errors (for your logger) instead of the default one-line `console.error`. */
  onError?: (error: unknown, info: { distinctId?: string; code: NotifyErrorCode }) => void;
}

/** The route's answer: the session, or the notify route's error body. */
export type InappSessionAnswer = ExchangeAnswer<InappSession | NotifyErrorBody>;

/** A session route: an exchange route, mounted by each host like every other route. */
export interface InappSessionRoute<TRequest = unknown> extends ExchangeRoute<TRequest, InappSessionAnswer> {}

/** The body a browser may send (none is read; a small cap keeps a stray upload cheap). */
const SESSION_MAX_BODY_BYTES = 1024;

/** Most users whose token registration is remembered, so a long-lived process stays bounded. */
const REGISTERED_MAX = 10_000;

function env(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = proc?.env?.[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Creates the session route for any framework; adapters translate their request to `serve`. */
export function createInappSessionRoute<TRequest = unknown>(options: InappSessionOptions<TRequest>): InappSessionRoute<TRequest> {
  if (typeof options?.identify !== 'function') {
    throw new TypeError("inappSession: `identify` must be a function returning the signed-in user's distinct_id");
  }
  const defaultClient = lazyDefaultClient() as unknown as () => Promise<InappSessionClient>;
  // Users whose profile already carries the token, in insertion order (oldest dropped first).
  const registered = new Set<string>();
  const report = (error: unknown, info: { distinctId?: string; code: NotifyErrorCode }): void =>
    reportError(options.onError, error, info, 'in-app session route');
  const fail = (code: NotifyErrorCode, message?: string, error?: unknown): InappSessionAnswer =>
    errorResponse(code, { ...(message === undefined ? {} : { message }), ...(error === undefined ? {} : { error }) }) as InappSessionAnswer;

  const register = async (client: InappSessionClient, distinctId: string, userId: string, integrationId: string): Promise<void> => {
    const key = `${distinctId}\u0000${userId}\u0000${integrationId}`;
    if (registered.has(key)) return;
    const inapp = [{ token: userId, integration_id: integrationId, status: 1 as const }];
    try {
      await client.profiles.addChannel(distinctId, { inapp });
    } catch (error) {
      if (!isProfileMissing(error)) throw error;
      try {
        await client.profiles.create({ distinct_id: distinctId, channel: { inapp } });
      } catch (createError) {
        // Another tab created it in between: add the token to that one.
        if (!isProfileExists(createError)) throw createError;
        await client.profiles.addChannel(distinctId, { inapp });
      }
    }
    if (registered.size >= REGISTERED_MAX) registered.delete(registered.values().next().value as string);
    registered.add(key);
  };

  const respond = async (exchange: Exchange<TRequest, InappSessionAnswer>): Promise<InappSessionAnswer> => {
    let distinctId: string | null | undefined;
    try {
      distinctId = await options.identify(exchange.request);
    } catch (error) {
      report(error, { code: 'internal_error' });
      return fail('internal_error', undefined, error);
    }
    if (typeof distinctId !== 'string' || distinctId === '') {
      return fail('unauthorized', 'Sign in to open your inbox.');
    }
    try {
      const integrationId = options.integrationId ?? env('FYNO_INAPP_INTEGRATION_ID');
      const token = options.integrationToken ?? env('FYNO_INAPP_TOKEN');
      if (integrationId === undefined || token === undefined) {
        // Names only, never a value: this line may reach a log.
        throw new Error('inappSession: set `integrationId` and `integrationToken` (or FYNO_INAPP_INTEGRATION_ID and FYNO_INAPP_TOKEN)');
      }
      const hostClient = (exchange as { client?: unknown }).client as InappSessionClient | undefined;
      const client = options.client ?? hostClient ?? (await defaultClient());
      const userId = options.userId ? await options.userId(distinctId, exchange.request) : distinctId;
      if (typeof userId !== 'string' || userId === '') throw new Error('inappSession: `userId` returned no id');
      const signature = await client.inappSignature(userId, token);
      if (options.registerToken !== false) {
        try {
          await register(client, distinctId, userId, integrationId);
        } catch (error) {
          // The inbox still opens; fires by distinct_id reach it once a later session registers.
          report(error, { distinctId, code: 'upstream_error' });
        }
      }
      const body: InappSession = {
        userId,
        workspaceId: client.workspaceId,
        integrationId,
        signature,
        url: options.url ?? env('FYNO_INAPP_URL') ?? DEFAULT_INAPP_URL,
      };
      return { status: 200, headers: { ...fail('internal_error').headers }, body };
    } catch (error) {
      report(error, { distinctId, code: 'internal_error' });
      return fail('internal_error', undefined, error);
    }
  };

  const stages: RouteStages<TRequest, InappSessionAnswer> = {
    limits: { maxBodyBytes: SESSION_MAX_BODY_BYTES, bodyTimeoutMs: DEFAULT_BODY_TIMEOUT_MS },
    precheck(exchange) {
      if (exchange.method.toUpperCase() === 'POST') return undefined;
      const refused = fail('method_not_allowed');
      return { ...refused, headers: { ...refused.headers, allow: 'POST' } };
    },
    // The body is never used: the user comes from `identify`, never from the browser.
    respond: (exchange) => respond(exchange),
    refuse: (code) => fail(code),
    unexpected(error) {
      report(error, { code: 'internal_error' });
      return fail('internal_error', undefined, error);
    },
    lost: (error) => report(error, { code: 'internal_error' }),
  };

  return {
    serve: (exchange) => serveExchange(exchange, stages),
    maxBodyBytes: SESSION_MAX_BODY_BYTES,
    bodyTimeoutMs: DEFAULT_BODY_TIMEOUT_MS,
  };
}

/** Options of the web-standard session route: `identify` also receives the handler's second argument. */
export type InappSessionHandlerOptions<TContext = unknown> = WithHostContext<InappSessionOptions<Request>, TContext>;

/**
 * The session route in web-standard form, `(request, context?) => Promise<Response>` (Next.js, Hono,
 * React Router, H3, Workers). As with `createNotifyHandler`, `identify(request, context)` receives the
 * handler's second argument, which is then required.
 *
 * @example
 * // React Router: app/routes/api.fyno.inapp-session.ts
 * export const action = (args: Route.ActionArgs) => session(args.request, args);
 */
export function createInappSessionHandler<TContext = unknown>(options: InappSessionHandlerOptions<TContext>): ContextWebHandler<TContext> {
  return contextWebHandler(createInappSessionRoute<Request>, options);
}
