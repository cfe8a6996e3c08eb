/**
 * Public types of the emulator's delivery reports: the endpoints it sends to, how it retries, and
 * the log of what it sent and what each endpoint answered.
 */

/** One Allowlist URL, as configured in Fyno's dashboard. */
export interface WebhookEndpoint {
  /** The endpoint's name: what `callback.allowlist_url` names. */
  name: string;
  /** Where reports go, e.g. `http://127.0.0.1:3000/fyno/reports`. */
  url: string;
  /** This endpoint's signing secret; the emulator's `webhookSecret` when omitted. */
  secret?: string;
  /** `POST` (default; signed) or `GET` (fields as query parameters, unsigned, as Fyno does). */
  method?: 'POST' | 'GET';
  /** Body encoding of POSTed reports: `json` (default) or `form` (`application/x-www-form-urlencoded`). */
  format?: 'json' | 'form';
  /** How the HMAC is written in `X-Fyno-Hmac-Signature`: `hex` (default) or `base64`. Fyno does not document which. */
  signatureEncoding?: 'hex' | 'base64';
  /** Receives reports whose callback names no `allowlist_url`. The first endpoint when none is marked. */
  default?: boolean;
  /** Extra headers sent with every report and the verification call (custom headers per endpoint). */
  headers?: Record<string, string>;
}

/** How reports to a failing endpoint are retried. */
export interface WebhookRetryOptions {
  /** Attempts per report, the first included; 5 by default. */
  maxAttempts?: number;
  /** Delay before the second attempt, doubled each time after; 250 ms by default. */
  baseDelayMs?: number;
  /** Longest delay between attempts; 5 000 ms by default. */
  maxDelayMs?: number;
  /** How long one attempt may take before it counts as failed; 10 000 ms by default. */
  timeoutMs?: number;
}

/** One attempt to deliver a report (or to verify an endpoint). */
export interface WebhookAttempt {
  /** When it started (ISO-8601). */
  at: string;
  /** The endpoint's HTTP status; `null` when no answer came (refused, reset, timeout). */
  status: number | null;
  /** Why there was no answer, when there was none. */
  error?: string;
  /** The first 200 characters of the endpoint's answer. */
  body?: string;
}

/** Where a report is: waiting, sent (2xx), given up after every attempt, or not sent at all. */
export type ReportState = 'pending' | 'delivered' | 'failed' | 'unverified' | 'cancelled';

/** One delivery report the emulator sent (or tried to), with every attempt and answer. */
export interface ReportRecord {
  /** Emulator-assigned id, increasing. */
  id: number;
  /** The endpoint's name and URL. */
  endpoint: string;
  url: string;
  method: 'POST' | 'GET';
  /** The emulator's record id of the message (`MessageRecord.id`). */
  message_id: string;
  msg_id: string;
  channel: string;
  /** The reported status, e.g. `DELIVERED`. */
  status: string;
  /** The report's fields, as sent in the body (or the query for GET). */
  body: Record<string, string>;
  /** The exact body text sent (`''` for GET). */
  raw: string;
  /** The `X-Fyno-Hmac-Signature` sent; absent for GET. */
  signature?: string;
  state: ReportState;
  attempts: WebhookAttempt[];
}

/** An endpoint and whether it passed the `fyno_token` verification call. */
export interface WebhookStatus {
  name: string;
  url: string;
  method: 'POST' | 'GET';
  default: boolean;
  /** `true` once the endpoint echoed the token; `false` after a failed call; `null` before any. */
  verified: boolean | null;
  /** The verification attempts, oldest first. */
  verification: WebhookAttempt[];
}
