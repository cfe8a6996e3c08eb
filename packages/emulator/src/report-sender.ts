/**
 * Sends delivery reports for accepted messages whose payload has a `callback`: verifies each endpoint
 * with a `fyno_token` call first, walks each channel's lifecycle in order, signs every POST with
 * HMAC-SHA256 (`X-Fyno-Hmac-Signature`), retries non-2xx answers with backoff, and logs it all.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { lifecycle } from './report-lifecycle.js';
import { isPlainObject } from './respond.js';
import { RingBuffer } from './ring-buffer.js';
import type { MessageRecord } from './types.js';
import type { ReportRecord, WebhookAttempt, WebhookEndpoint, WebhookRetryOptions, WebhookStatus } from './webhook-types.js';

/** The workspace secret reports are signed with by default: fixed and obviously not a secret. */
export const DEFAULT_WEBHOOK_SECRET = 'emu_webhook_secret_not_a_secret';
/** The header Fyno signs reports with. */
export const SIGNATURE_HEADER = 'X-Fyno-Hmac-Signature';

const MAX_REPORT_LOG = 10_000;
const ANSWER_PREVIEW_CHARS = 200;

/** Options of the sender, taken from the emulator's options. */
export interface ReportSenderOptions {
  webhooks?: WebhookEndpoint[] | undefined;
  webhookSecret?: string | undefined;
  webhookStepMs?: number | undefined;
  webhookRetry?: WebhookRetryOptions | undefined;
  /** When false, one line per report attempt on stderr (the emulator's request log). True by default. */
  quiet?: boolean | undefined;
}

interface EndpointState {
  config: Required<Omit<WebhookEndpoint, 'secret' | 'headers' | 'default'>> & { secret: string; headers: Record<string, string> };
  status: WebhookStatus;
  verifying: Promise<boolean> | undefined;
}

type ReportFields = Record<string, string | number>;

export class ReportSender {
  private readonly endpoints: EndpointState[] = [];
  private readonly log = new RingBuffer<ReportRecord>(MAX_REPORT_LOG);
  private readonly secret: string;
  private readonly stepMs: number;
  private readonly retry: Required<WebhookRetryOptions>;
  private readonly quiet: boolean;
  /** Pending waits and how to end each one early. */
  private readonly timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  private readonly inFlight = new Set<AbortController>();
  private readonly idleWaiters: Array<() => void> = [];
  private nextId = 1;
  private pending = 0;
  /** Bumped by `clear()` and `close()`: chains of an older generation stop at their next step. */
  private generation = 0;

  constructor(options: ReportSenderOptions) {
    this.secret = options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET;
    if (typeof this.secret !== 'string' || this.secret === '') throw new TypeError('webhookSecret must be a non-empty string');
    this.stepMs = nonNegative(options.webhookStepMs ?? 250, 'webhookStepMs');
    this.quiet = options.quiet ?? true;
    const r = options.webhookRetry ?? {};
    this.retry = {
      maxAttempts: Math.max(1, Math.floor(nonNegative(r.maxAttempts ?? 5, 'webhookRetry.maxAttempts'))),
      baseDelayMs: nonNegative(r.baseDelayMs ?? 250, 'webhookRetry.baseDelayMs'),
      maxDelayMs: nonNegative(r.maxDelayMs ?? 5_000, 'webhookRetry.maxDelayMs'),
      timeoutMs: nonNegative(r.timeoutMs ?? 10_000, 'webhookRetry.timeoutMs'),
    };
    for (const endpoint of options.webhooks ?? []) this.add(endpoint);
  }

  /** Register an endpoint (it is verified before its first report, or by `verify()`). */
  add(endpoint: WebhookEndpoint): WebhookStatus {
    if (!isPlainObject(endpoint)) throw new TypeError('a webhook must be { name, url, secret?, method? }');
    const { name, url } = endpoint;
    if (typeof name !== 'string' || name === '') throw new TypeError('a webhook needs a non-empty name');
    if (this.endpoints.some((e) => e.config.name === name)) throw new TypeError(`webhook '${name}' is configured twice`);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TypeError(`webhook '${name}': url must be an absolute http(s) URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError(`webhook '${name}': url must be http(s)`);
    const method = endpoint.method ?? 'POST';
    if (method !== 'POST' && method !== 'GET') throw new TypeError(`webhook '${name}': method must be POST or GET`);
    const isDefault = endpoint.default === true || (this.endpoints.length === 0 && endpoint.default !== false);
    const state: EndpointState = {
      config: {
        name,
        url,
        method,
        format: endpoint.format ?? 'json',
        signatureEncoding: endpoint.signatureEncoding ?? 'hex',
        secret: endpoint.secret ?? this.secret,
        headers: { ...endpoint.headers },
      },
      status: { name, url, method, default: isDefault, verified: null, verification: [] },
      verifying: undefined,
    };
    // One default endpoint: marking a later one moves the mark.
    if (endpoint.default === true) for (const e of this.endpoints) e.status.default = false;
    this.endpoints.push(state);
    return copyStatus(state.status);
  }

  /** Verify every endpoint (again, when one failed before) and return their statuses. */
  async verifyAll(): Promise<WebhookStatus[]> {
    await Promise.all(this.endpoints.map((e) => this.ensureVerified(e)));
    return this.statuses();
  }

  /** Register an endpoint and verify it. */
  async addAndVerify(endpoint: WebhookEndpoint): Promise<WebhookStatus> {
    this.add(endpoint);
    const state = this.endpoints[this.endpoints.length - 1]!;
    await this.ensureVerified(state);
    return copyStatus(state.status);
  }

  /** Every endpoint and its verification. */
  statuses(): WebhookStatus[] {
    return this.endpoints.map((e) => copyStatus(e.status));
  }

  /** Reports sent or being sent, oldest first (copies). */
  reports(): ReportRecord[] {
    return this.log.toArray().map((r) => ({ ...r, body: { ...r.body }, attempts: r.attempts.map((a) => ({ ...a })) }));
  }

  /** Resolves once no report is waiting or being sent. */
  settled(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Forget the report log and stop every report not yet sent. */
  clear(): void {
    this.generation++;
    for (const record of this.log.toArray()) if (record.state === 'pending') record.state = 'cancelled';
    this.log.clear();
    this.stopTimers();
  }

  /** Stop everything: pending timers and requests in flight. */
  close(): void {
    this.generation++;
    this.stopTimers();
  }

  /** The hook on accepted messages: schedule the reports its callback asks for. */
  onMessage(message: MessageRecord): void {
    const callback = message.callback;
    if (!isPlainObject(callback) || callback.enable === false || this.endpoints.length === 0) return;
    const targets = this.targetsOf(callback);
    for (const endpoint of targets) {
      for (const channel of Object.keys(message.channels)) {
        this.track(this.runChannel(endpoint, message, channel, callback, this.generation));
      }
    }
  }

  private targetsOf(callback: Record<string, unknown>): EndpointState[] {
    // Fyno's docs name it `allowlist_url`; one older excerpt says `allowlist_urls`: accept both.
    const named = callback.allowlist_url ?? callback.allowlist_urls;
    const names = typeof named === 'string' ? [named] : Array.isArray(named) ? named.filter((n): n is string => typeof n === 'string') : [];
    if (names.length === 0) {
      const fallback = this.endpoints.find((e) => e.status.default);
      return fallback ? [fallback] : [];
    }
    return this.endpoints.filter((e) => names.slice(0, 3).includes(e.config.name));
  }

  private track(work: Promise<void>): void {
    this.pending++;
    work
      .catch(() => undefined)
      .finally(() => {
        if (--this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
  }

  private async runChannel(
    endpoint: EndpointState,
    message: MessageRecord,
    channel: string,
    callback: Record<string, unknown>,
    generation: number,
  ): Promise<void> {
    const destination = message.channels[channel] ?? '';
    const verified = await this.ensureVerified(endpoint);
    for (const status of lifecycle(channel, destination)) {
      await this.sleep(this.stepMs);
      if (generation !== this.generation) return;
      const record = this.record(endpoint, message, channel, destination, status, callback);
      if (!verified) {
        record.state = 'unverified';
        continue;
      }
      await this.deliver(endpoint, record, generation);
    }
  }

  private record(
    endpoint: EndpointState,
    message: MessageRecord,
    channel: string,
    destination: string,
    status: string,
    callback: Record<string, unknown>,
  ): ReportRecord {
    const fields: ReportFields = {
      msg_id: message.msg_id[channel] ?? '',
      request_id: message.request_id,
      event: message.event,
      channel,
      destination,
      status,
      timestamp: new Date().toISOString(),
      version: message.version,
    };
    if (message.distinct_id !== undefined) fields.distinct_id = message.distinct_id;
    for (const key of ['custom_id', 'custom1', 'custom2', 'custom3']) {
      const value = callback[key];
      if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) fields[key] = value;
    }
    const { method, format, secret, signatureEncoding } = endpoint.config;
    let raw = '';
    let signature: string | undefined;
    if (method === 'POST') {
      raw = format === 'form' ? formOf(fields) : JSON.stringify(fields);
      signature = createHmac('sha256', secret).update(raw).digest(signatureEncoding);
    }
    const record: ReportRecord = {
      id: this.nextId++,
      endpoint: endpoint.config.name,
      url: endpoint.config.url,
      method,
      message_id: message.id,
      msg_id: String(fields.msg_id),
      channel,
      status,
      body: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])),
      raw,
      state: 'pending',
      attempts: [],
    };
    if (signature !== undefined) record.signature = signature;
    this.log.push(record);
    return record;
  }

  private async deliver(endpoint: EndpointState, record: ReportRecord, generation: number): Promise<void> {
    const { config } = endpoint;
    const headers: Record<string, string> = { 'user-agent': 'fyno-emulator', ...config.headers };
    let url = config.url;
    if (config.method === 'POST') {
      headers['content-type'] = config.format === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
      headers[SIGNATURE_HEADER] = record.signature!;
    } else {
      url = withQuery(url, formOf(record.body));
    }
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      if (generation !== this.generation) {
        record.state = 'cancelled';
        return;
      }
      const answer = await this.request(url, { method: config.method, headers, ...(config.method === 'POST' ? { body: record.raw } : {}) });
      record.attempts.push(answer);
      this.logAttempt(endpoint, record, answer, attempt);
      if (answer.status !== null && answer.status >= 200 && answer.status < 300) {
        record.state = 'delivered';
        return;
      }
      if (attempt < this.retry.maxAttempts) {
        await this.sleep(Math.min(this.retry.baseDelayMs * 2 ** (attempt - 1), this.retry.maxDelayMs));
      }
    }
    record.state = generation === this.generation ? 'failed' : 'cancelled';
  }

  /**
   * One line per attempt in the request log, so a receiver that refuses reports (a wrong webhook
   * secret answers 401) shows in the terminal the user is watching, not only in `reports()`.
   */
  private logAttempt(endpoint: EndpointState, record: ReportRecord, answer: WebhookAttempt, attempt: number): void {
    if (this.quiet) return;
    const custom = record.body.custom_id === undefined ? '' : ` ${record.body.custom_id}`;
    const head = `report ${record.status} ${record.channel}${custom} -> ${endpoint.config.name} ${endpoint.config.url}`;
    const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
    if (ok) {
      process.stderr.write(`${head}: ${answer.status}\n`);
      return;
    }
    const got = answer.status === null ? (answer.error ?? 'no answer') : `${answer.status} ${oneLine(answer.body ?? '')}`.trim();
    const next =
      attempt < this.retry.maxAttempts
        ? `attempt ${attempt} of ${this.retry.maxAttempts}, retried`
        : `attempt ${attempt} of ${this.retry.maxAttempts}, given up`;
    const hint =
      answer.status === 401
        ? '; the receiver refused the signature: give it the secret this emulator signs with (--webhook-secret, default emu_webhook_secret_not_a_secret)'
        : '';
    process.stderr.write(`${head}: ${got} (${next})${hint}\n`);
  }

  /** The `fyno_token` call, once per endpoint (again after a failure). */
  private ensureVerified(endpoint: EndpointState): Promise<boolean> {
    if (endpoint.status.verified === true) return Promise.resolve(true);
    endpoint.verifying ??= (async () => {
      const token = `fyno_emu_${randomBytes(12).toString('hex')}`;
      const answer = await this.request(withQuery(endpoint.config.url, `fyno_token=${token}`), {
        method: 'GET',
        headers: { 'user-agent': 'fyno-emulator', ...endpoint.config.headers },
      });
      endpoint.status.verification.push(answer);
      const ok = answer.status !== null && answer.status >= 200 && answer.status < 300 && (answer.body ?? '').includes(token);
      endpoint.status.verified = ok;
      endpoint.verifying = undefined;
      return ok;
    })();
    return endpoint.verifying;
  }

  private async request(url: string, init: RequestInit): Promise<WebhookAttempt> {
    const at = new Date().toISOString();
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${this.retry.timeoutMs} ms`)), this.retry.timeoutMs);
    try {
      const res = await fetch(url, { ...init, signal: controller.signal, redirect: 'manual' });
      const text = await res.text();
      return { at, status: res.status, body: text.slice(0, ANSWER_PREVIEW_CHARS) };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { at, status: null, error: cause?.code ?? cause?.message ?? (error as Error).message };
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }

  private stopTimers(): void {
    // Resolving early is fine: every chain checks its generation after each wait.
    for (const [timer, resolve] of this.timers) {
      clearTimeout(timer);
      resolve();
    }
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort(new Error('emulator stopped'));
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

function formOf(fields: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
}

function withQuery(url: string, query: string): string {
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  return `${base}${base.includes('?') ? '&' : '?'}${query}`;
}

function copyStatus(status: WebhookStatus): WebhookStatus {
  return { ...status, verification: status.verification.map((a) => ({ ...a })) };
}

function nonNegative(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a number >= 0`);
  return value;
}
