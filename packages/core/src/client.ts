/** The Fyno client: events, bulk events, profiles. The entry points pick its default transport. */
import { chunkBulk } from './bulk';
import { joinBulkAnswers, lazyBulkResponse, type BulkAnswer } from './bulk-response';
import { resolveConfig, type FynoOptions, type ResolvedConfig } from './config';
import { FynoBulkPartialError, FynoError, FynoValidationError } from './errors';
import { inappSignature } from './inapp';
import { Preferences } from './preferences';
import { Profiles } from './profiles';
import { Suppressions } from './suppressions';
import { Verify } from './verify';
import { FynoQueue, type QueueOptions } from './queue';
import { call, execute, send, type AttemptHook, type CallContext, type CallSpec, type CallTracker, type RequestOptions } from './request';
import { fetchTransport } from './transport/fetch';
import type { Transport } from './transport/types';
import type { EventMap, EventName, EventPayload, FireBulkResponse, FireResponse, FynoVersion, RegisteredEvents } from './types';
import { validateEventName, validatePayload } from './validate';

declare const __FYNO_KIT_VERSION__: string;
/** True in the browser-safe build (see request.ts). */
declare const __FYNO_KIT_WEB__: boolean;
/** This package's version, as sent in the `User-Agent`. */
export const VERSION: string = typeof __FYNO_KIT_VERSION__ === 'string' ? __FYNO_KIT_VERSION__ : '0.0.0-dev';

/** Creates the transport for a client when the user gave no `fetch`. */
export type TransportFactory = (options: FynoOptions) => Transport;

/** Creates the call tracker of a client, with its logging and tracing (Node entry only). */
export type TrackerFactory = (options: FynoOptions, config: ResolvedConfig, version: string) => CallTracker;

/** Base of the exported `Fyno` class; the entry point supplies the default transport. */
export class FynoClient<TEvents extends EventMap = RegisteredEvents> {
  /** Workspace id this client sends to. */
  readonly workspaceId: string;
  /** `live` or `test`. */
  readonly version: FynoVersion;
  /** Profile calls. */
  readonly profiles: Profiles;
  /** A user's subscription preferences: `get`, `update`, `set`. */
  readonly preferences: Preferences;
  /** Fyno Verify: `validate` an OTP. */
  readonly verify: Verify;
  /** The workspace's suppression list: `list`, `add`, `remove`. */
  readonly suppressions: Suppressions;
  readonly #ctx: CallContext;
  readonly #queues = new Set<FynoQueue<TEvents>>();

  /** @internal */
  constructor(options: FynoOptions | undefined, defaultTransport: TransportFactory, runtime: string, tracker?: TrackerFactory) {
    const opts = options ?? {};
    const config = resolveConfig(opts, `fyno-kit/${VERSION} (@fyno-kit/core; ${runtime})`);
    const transport = opts.fetch ? fetchTransport(opts.fetch) : defaultTransport(opts);
    this.#ctx = { config, transport, tracker: __FYNO_KIT_WEB__ ? undefined : tracker?.(opts, config, VERSION) };
    this.workspaceId = config.workspaceId;
    this.version = config.version;
    this.profiles = new Profiles(this.#ctx);
    this.preferences = new Preferences(this.#ctx);
    this.verify = new Verify(this.#ctx);
    this.suppressions = new Suppressions(this.#ctx);
  }

  /**
   * Fires `event` for one recipient (`POST …/event`). Given an array, sends them all through the
   * bulk endpoint, as the official SDK does. Input is checked before anything is sent; on Node a
   * body over Fyno's 10 MB limit rejects with `FynoPayloadTooLargeError` without a request. Retries
   * use one `Idempotency-Key`, so a retry never sends the notification twice.
   */
  fire<E extends EventName<TEvents>>(event: E, payload: EventPayload<TEvents[E]>, options?: RequestOptions): Promise<FireResponse>;
  fire<E extends EventName<TEvents>>(event: E, payloads: readonly EventPayload<TEvents[E]>[], options?: RequestOptions): Promise<FireBulkResponse>;
  fire(event: string, payload: EventPayload<object> | readonly EventPayload<object>[], options?: RequestOptions): Promise<FireResponse | FireBulkResponse> {
    if (Array.isArray(payload)) return this.fireBulk(event as EventName<TEvents>, payload as never, options);
    try {
      validateEventName(event);
      validatePayload(payload);
    } catch (error) {
      return Promise.reject(error);
    }
    // `event` first, as Fyno documents it, and never overridden by a stray `event` in the payload.
    const body = JSON.stringify(Object.assign({ event }, payload, { event }));
    const idempotencyKey = options?.idempotencyKey ?? crypto.randomUUID();
    return execute(this.#ctx, { method: 'POST', path: '/event', body, idempotencyKey, idempotent: true, ...(__FYNO_KIT_WEB__ ? {} : { event }) }, options);
  }

  /**
   * Fires `event` for many recipients through `POST …/event/bulk`. Batches over the body limit are
   * split into several requests, sent in order; the joined result keeps input order and `seq`
   * numbers the whole input from 1. If a later request fails, `FynoBulkPartialError` tells which
   * items were accepted. With `idempotencyKey`, request `i` of a split batch uses `${key}:${i}`.
   */
  async fireBulk<E extends EventName<TEvents>>(event: E, payloads: readonly EventPayload<TEvents[E]>[], options?: RequestOptions): Promise<FireBulkResponse> {
    validateEventName(event);
    if (!Array.isArray(payloads) || payloads.length === 0) {
      throw new FynoValidationError('bulk payloads must be a non-empty array', 'batch');
    }
    for (let i = 0; i < payloads.length; i++) {
      try {
        validatePayload(payloads[i]);
      } catch {
        // Checked again with the item's index in the message: no "[i]." string per valid item.
        validatePayload(payloads[i], `[${i}].`);
      }
    }
    const ctx = this.#ctx;
    const { config } = ctx;
    const chunks = chunkBulk(event, payloads, config.maxBulkBytes, config.maxBulkItems);
    const baseKey = options?.idempotencyKey ?? crypto.randomUUID();
    const run = async (hook: AttemptHook | undefined): Promise<FireBulkResponse> => {
      const answers: BulkAnswer[] = [];
      for (let i = 0; i < chunks.length; i++) {
        const chunk = chunks[i]!;
        const idempotencyKey = chunks.length === 1 ? baseKey : `${baseKey}:${i}`;
        let body: string;
        try {
          body = await send<string>(ctx, { method: 'POST', path: '/event/bulk', body: chunk.body, idempotencyKey, idempotent: true, raw: true }, options, hook);
        } catch (error) {
          if (i === 0 || !FynoError.isFynoError(error)) throw error;
          throw new FynoBulkPartialError(chunk.offset, joinBulkAnswers(event, answers).response, error);
        }
        answers.push({ body, offset: chunk.offset, count: chunk.count, idempotencyKey });
      }
      // The browser-safe build parses at once (it has no logger to skip it for, and stays small).
      return __FYNO_KIT_WEB__ ? joinBulkAnswers(event, answers) : lazyBulkResponse(event, answers);
    };
    // One logical call however many requests it takes: one span, and close() waits for all of it.
    if (__FYNO_KIT_WEB__) return run(undefined);
    return call(ctx, { method: 'POST', path: '/event/bulk', event, idempotencyKey: baseKey, bulkSize: payloads.length }, run);
  }

  /**
   * The in-app signature for `userId` (hex HMAC-SHA256 keyed by workspace id + integration token),
   * for Fyno's in-app client. Compute it on the server: the integration token is a secret.
   */
  inappSignature(userId: string, integrationToken: string): Promise<string> {
    return inappSignature(this.workspaceId, integrationToken, userId);
  }

  /**
   * A send-later queue on this client: `enqueue` returns at once and payloads of one event are sent
   * together through the bulk endpoint, each batch with its own idempotency key kept across retries.
   * `close()` drains every queue of the client.
   */
  queue(options: QueueOptions = {}): FynoQueue<TEvents> {
    const ctx = this.#ctx;
    const queue = new FynoQueue<TEvents>(
      (event, body, count, idempotencyKey) => {
        const spec: CallSpec = { method: 'POST', path: '/event/bulk', body, idempotencyKey, idempotent: true, raw: true };
        if (__FYNO_KIT_WEB__) return send(ctx, spec, undefined);
        spec.event = event;
        spec.bulkSize = count;
        // The answer is parsed only if read: by the logger's no-channel check (when it may apply) or a span.
        const run = async (hook: AttemptHook | undefined) => {
          const answer = await send<string>(ctx, spec, undefined, hook);
          return lazyBulkResponse(event, [{ body: answer, offset: 0, count, idempotencyKey }]);
        };
        // Queues drain inside close(), after new calls are refused; their spans start a trace.
        return call(ctx, spec, run, true);
      },
      options,
      this.#ctx.config.maxBulkBytes,
      __FYNO_KIT_WEB__ ? undefined : ctx.transport.encode,
    );
    this.#queues.add(queue);
    return queue;
  }

  /**
   * Refuses new calls, drains this client's queues and waits for calls in flight (retries included)
   * to settle, all within `timeoutMs` (default 5 000), then releases pooled connections; calls
   * still running then are aborted. (The browser-safe build has no pool: there it drains the queues
   * only.)
   */
  async close(timeoutMs = 5_000): Promise<void> {
    if (!__FYNO_KIT_WEB__) this.#ctx.tracker?.close();
    await Promise.all([...this.#queues].map((queue) => queue.close(timeoutMs)));
    this.#queues.clear();
    // Past the deadline the pool is destroyed: a graceful close would wait for stuck requests.
    if (!__FYNO_KIT_WEB__) return this.#ctx.transport.close((await this.#ctx.tracker?.settled(timeoutMs)) === false);
    await this.#ctx.transport.close();
  }
}
