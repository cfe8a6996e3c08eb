/**
 * The preferences route, written once for every framework: the signed-in user reads (`GET`) and
 * changes (`POST`) their own subscription preferences, limited to what the policy shows.
 *
 * Order: method → (POST) Content-Type → declared size → Content-Encoding → body (cap, timeout) →
 * JSON → shape → identify (401) → policy (403) → rate limit (429) → Fyno's current state → required
 * (409) → the change (creating the profile on a first write) → the state after it. The user id only
 * ever comes from `identify`; the query, the headers and the body never name one. Why each check
 * exists: the security model in the core README.
 */
import { isJsonContentType } from './content-type';
import { lazyDefaultClient } from './default-client';
import type { Exchange } from './exchange';
import { DEFAULT_BODY_TIMEOUT_MS } from './limits';
import { reportError } from './log-line';
import { readChanges } from './preferences-body';
import { PREFERENCES_ERROR_MESSAGES, PREFERENCES_ERROR_STATUS, type PreferencesErrorCode } from './preferences-errors';
import type {
  PreferenceChangeInput,
  PreferencesAnswer,
  PreferencesPolicy,
  PreferencesRoute,
  PreferencesRouteClient,
  PreferencesView,
} from './preferences-types';
import { refuseHidden, toUpdate, toView } from './preferences-view';
import { isProfileExists, isProfileMissing } from './profile-errors';
import { createRouteLimiter } from './rate-limiter';
import { baseHeaders } from './response';
import { serveExchange, type RouteStages } from './serve-exchange';
import type { ExchangeBody } from './take-body';
import type { PreferenceResponse } from '../types';
import { classifyUpstreamError } from './upstream-error';
import { validatePreferencesPolicy } from './validate-preferences-policy';

/** Default body cap: 50 changes of a long topic id fit with room to spare. */
export const DEFAULT_PREFERENCES_MAX_BODY_BYTES = 8_192;

/** Default per-user limit: a settings page toggled quickly, not a script walking it. */
export const DEFAULT_PREFERENCES_RATE_LIMIT = { limit: 60, windowMs: 60_000 } as const;

/** The empty profile the topics' defaults are read from for a user with no profile yet. */
export const DEFAULT_PREFERENCES_DEFAULTS_PROFILE = 'fyno-kit-preference-defaults';

const IDENTITY_ENCODING = /^\s*(identity)?\s*$/i;

/** An error answer in the notify route's shape, with this route's status and message. */
function fail(code: PreferencesErrorCode, options: { headers?: Record<string, string>; error?: unknown } = {}): PreferencesAnswer {
  const answer: PreferencesAnswer = {
    status: PREFERENCES_ERROR_STATUS[code],
    headers: { ...baseHeaders(), ...options.headers },
    body: { error: { code, message: PREFERENCES_ERROR_MESSAGES[code] } },
  };
  if (options.error !== undefined) answer.unexpectedError = options.error;
  return answer;
}

const ok = (view: PreferencesView): PreferencesAnswer => ({ status: 200, headers: baseHeaders(), body: view });

/** Creates a preferences route from a policy; create it once (it owns its rate limiter and default client). */
export function createPreferencesRoute<TRequest = unknown>(policy: PreferencesPolicy<TRequest>): PreferencesRoute<TRequest> {
  validatePreferencesPolicy(policy);
  const maxBodyBytes = policy.maxBodyBytes ?? DEFAULT_PREFERENCES_MAX_BODY_BYTES;
  const bodyTimeoutMs = policy.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const defaultsProfile = policy.defaultsProfile ?? DEFAULT_PREFERENCES_DEFAULTS_PROFILE;
  const limiter = createRouteLimiter(policy.rateLimit ?? DEFAULT_PREFERENCES_RATE_LIMIT);
  const defaultClient = lazyDefaultClient() as unknown as () => Promise<PreferencesRouteClient>;

  const report = (error: unknown, info: { distinctId?: string; code: PreferencesErrorCode }): void =>
    reportError(policy.onError, error, info, 'preferences route');

  function unexpected(error: unknown, distinctId?: string): PreferencesAnswer {
    report(error, { ...(distinctId === undefined ? {} : { distinctId }), code: 'internal_error' });
    return fail('internal_error', { error });
  }

  /** A failed call to Fyno, as the notify route maps it. */
  function upstream(error: unknown, distinctId: string): PreferencesAnswer {
    const failure = classifyUpstreamError(error);
    if (failure.code === 'internal_error') return unexpected(error, distinctId);
    report(error, { distinctId, code: failure.code });
    return fail(failure.code, failure.retryAfterSeconds === undefined ? {} : { headers: { 'retry-after': String(failure.retryAfterSeconds) } });
  }

  /** Creates a profile with nothing but its id; one created in between by another request is as good. */
  async function ensureProfile(client: PreferencesRouteClient, distinctId: string): Promise<void> {
    try {
      await client.profiles.create({ distinct_id: distinctId });
    } catch (error) {
      if (!isProfileExists(error)) throw error;
    }
  }

  /**
   * The user's S1 answer; for a user with no profile yet, the topics' defaults: the S1 answer of the
   * defaults profile, which holds no choices (created the first time it is needed).
   */
  async function current(client: PreferencesRouteClient, distinctId: string): Promise<{ response: PreferenceResponse; hasProfile: boolean }> {
    try {
      return { response: await client.preferences.get(distinctId), hasProfile: true };
    } catch (error) {
      if (!isProfileMissing(error)) throw error;
    }
    try {
      return { response: await client.preferences.get(defaultsProfile), hasProfile: false };
    } catch (error) {
      if (!isProfileMissing(error)) throw error;
    }
    await ensureProfile(client, defaultsProfile);
    return { response: await client.preferences.get(defaultsProfile), hasProfile: false };
  }

  /** S2; on a first write the user's profile is created first (an upsert of preferences). */
  async function write(
    client: PreferencesRouteClient,
    distinctId: string,
    update: Parameters<PreferencesRouteClient['preferences']['update']>[1],
    hasProfile: boolean,
  ): Promise<void> {
    if (!hasProfile) await ensureProfile(client, distinctId);
    try {
      await client.preferences.update(distinctId, update);
    } catch (error) {
      // The profile went away between the read and the write (deleted, renamed): create it and retry once.
      if (!hasProfile || !isProfileMissing(error)) throw error;
      await ensureProfile(client, distinctId);
      await client.preferences.update(distinctId, update);
    }
  }

  async function respond(exchange: Exchange<TRequest, PreferencesAnswer>, body: ExchangeBody): Promise<PreferencesAnswer> {
    const isWrite = exchange.method.toUpperCase() === 'POST';
    let changes: PreferenceChangeInput[] | undefined;
    if (isWrite) {
      const read = readChanges(body, maxBodyBytes);
      if (!read.ok) return fail(read.code);
      changes = read.changes;
    }

    let distinctId: unknown;
    try {
      distinctId = await policy.identify(exchange.request);
    } catch (error) {
      return unexpected(error);
    }
    if (distinctId === null || distinctId === undefined || distinctId === '') return fail('unauthorized');
    if (typeof distinctId !== 'string') return unexpected(new TypeError(`identify() must return a string, null or undefined (got ${typeof distinctId})`));
    if (distinctId === defaultsProfile) {
      // Whoever changed it would change every new user's defaults.
      return unexpected(new Error(`identify() returned the defaults profile's id (${defaultsProfile}); set another defaultsProfile`), distinctId);
    }

    if (changes !== undefined) {
      const hidden = refuseHidden(changes, policy);
      if (hidden !== undefined) return fail(hidden);
    }

    if (limiter) {
      const decision = await limiter.take(distinctId);
      if (!decision.allowed) {
        if ('unavailable' in decision) {
          report(decision.error, { distinctId, code: 'rate_limiter_unavailable' });
          return fail('rate_limiter_unavailable', { headers: { 'retry-after': '5' } });
        }
        return fail('rate_limited', { headers: { 'retry-after': String(decision.retryAfterSeconds) } });
      }
    }

    let client: PreferencesRouteClient;
    try {
      client = policy.client ?? (exchange.client as PreferencesRouteClient | undefined) ?? (await defaultClient());
    } catch (error) {
      return unexpected(error, distinctId);
    }
    try {
      const before = await current(client, distinctId);
      if (changes === undefined) return ok(toView(before.response, policy));
      const checked = toUpdate(changes, before.response);
      if (!checked.ok) return fail(checked.code);
      await write(client, distinctId, checked.update, before.hasProfile);
      return ok(toView(await client.preferences.get(distinctId), policy));
    } catch (error) {
      return upstream(error, distinctId);
    }
  }

  const stages: RouteStages<TRequest, PreferencesAnswer> = {
    limits: { maxBodyBytes, bodyTimeoutMs },
    precheck(exchange) {
      const method = exchange.method.toUpperCase();
      if (method === 'GET') return undefined;
      if (method !== 'POST') return fail('method_not_allowed', { headers: { allow: 'GET, POST' } });
      // JSON only: a plain HTML form cannot send it, and a cross-site script must pass a CORS preflight.
      if (!isJsonContentType(exchange.header('content-type'))) return fail('unsupported_media_type');
      const declared = exchange.header('content-length');
      if (declared !== undefined && Number(declared) > maxBodyBytes) return fail('payload_too_large');
      const encoding = exchange.header('content-encoding');
      if (encoding !== undefined && !IDENTITY_ENCODING.test(encoding)) return fail('unsupported_media_type');
      return undefined;
    },
    respond: (exchange, body) => respond(exchange, body),
    refuse: (code) => fail(code),
    unexpected: (error) => unexpected(error),
    lost: (error) => report(error, { code: 'internal_error' }),
  };

  return { serve: (exchange) => serveExchange(exchange, stages), maxBodyBytes, bodyTimeoutMs };
}
