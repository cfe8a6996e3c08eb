/**
 * `parseDeliveryReport`: a tolerant reader of delivery-report bodies. Fyno documents no field list,
 * so every known field is optional and type-checked, and the whole body stays in `raw`.
 */
import { FynoError } from '../errors';
import { bytesOf } from './encoding';

/**
 * Statuses Fyno shows in its logs, upper-cased: Fyno's own casing is mixed (`Processed`,
 * `DELIVERED`), so `report.status` is always upper case and `raw.status` keeps what was sent. Which
 * of them reach webhook bodies is not documented, so any other string is kept (upper-cased).
 */
export type DeliveryStatus =
  | 'QUEUED'
  | 'PROCESSED'
  | 'SUCCESS'
  | 'ERROR'
  | 'FAILED'
  | 'TIMEOUT'
  | 'DROPPED'
  | 'DELIVERED'
  | 'UNDELIVERED'
  | 'REJECTED'
  | 'BOUNCE'
  | 'DENIED'
  | 'INVALID-SUB'
  | 'NOANSWER'
  | 'READ'
  | 'OPEN'
  | 'CLICKED'
  | 'REPLIED'
  | 'ANSWERED'
  | 'DELETED'
  | 'KEYPRESS'
  | 'UPDATED'
  | 'UNSUBSCRIBED'
  | 'UNKNOWN'
  | (string & {});

/** One delivery report. Only `key` and `raw` are always there: Fyno's body shape is not documented. */
export interface DeliveryReport {
  /**
   * A stable dedupe key: `msg_id` and the upper-cased `status` (`<msg_id>#<STATUS>`), or, when either
   * is missing, `body:` and a hash of the body. The same report sent twice has the same key, and two
   * different reports never do: when `msg_id` or `status` holds a `#`, both are escaped (`%` → `%25`,
   * `#` → `%23`) and joined with `##`.
   */
  key: string;
  /** Fyno's message id: the request id and a 4-character suffix per provider attempt. */
  msg_id?: string;
  /** The `request_id` Fyno answered the event call with. */
  request_id?: string;
  /** The status, upper-cased (`PROCESSED`, `DELIVERED`, `READ`, `FAILED`…); `raw.status` has Fyno's casing. */
  status?: DeliveryStatus;
  /** The channel: `email`, `sms`, `whatsapp`, `push`, `inapp`, … */
  channel?: string;
  /** The destination the message went to. */
  destination?: string;
  /** The notification event name. */
  event?: string;
  /** The profile the event named. */
  distinct_id?: string;
  /** When the status happened, as sent (ISO-8601 text or epoch milliseconds). */
  timestamp?: string | number;
  /** Your `callback.custom_id`. */
  custom_id?: string | number;
  /** Your `callback.custom1`. */
  custom1?: string;
  /** Your `callback.custom2`. */
  custom2?: string;
  /** Your `callback.custom3`. */
  custom3?: string;
  /** The whole parsed body, including every field not listed above. */
  raw: Record<string, unknown>;
}

/** The body was not a JSON object or a form: there is nothing to read a report from. `code` is `invalid_report`. */
export class DeliveryReportParseError extends FynoError {
  override name = 'DeliveryReportParseError';
  constructor(message: string) {
    super(message, 'invalid_report');
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const strOrNum = (v: unknown): string | number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : str(v));

/** The first of `names` present in `record`, own properties only (never `__proto__` & co). */
function field(record: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) if (Object.prototype.hasOwnProperty.call(record, name)) return record[name];
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fromForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, v] of new URLSearchParams(text)) out[k] = v;
  return out;
}

function bodyRecord(body: unknown, contentType: string | undefined): Record<string, unknown> {
  if (body instanceof URLSearchParams) return fromForm(body.toString());
  if (isRecord(body) && bytesOf(body) === undefined) return body;
  const bytes = bytesOf(body);
  if (bytes === undefined) throw new DeliveryReportParseError('A delivery report body must be text, bytes or an object');
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new DeliveryReportParseError('The delivery report body is not UTF-8');
  }
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const trimmed = text.trim();
  const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[');
  if (type === 'application/x-www-form-urlencoded' || (type !== 'application/json' && !looksJson && trimmed.includes('='))) {
    return fromForm(trimmed);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DeliveryReportParseError('The delivery report body is neither JSON nor a form');
  }
  if (!isRecord(parsed)) throw new DeliveryReportParseError('The delivery report body is not a JSON object');
  return parsed;
}

// Two FNV-1a 32-bit hashes with different offsets: a dedupe key for bodies lacking msg_id or status.
// Not a security measure (the signature is); only byte-identical repeats must map to one key.
function bodyHash(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]!, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

function canonicalBytes(body: unknown, raw: Record<string, unknown>): Uint8Array {
  return bytesOf(body) ?? new TextEncoder().encode(JSON.stringify(raw) ?? '');
}

/**
 * Reads a delivery report from a JSON or form-encoded body (text, bytes, `URLSearchParams`, or an
 * already-parsed object). Known fields are typed when they have the expected type and left out
 * otherwise; nothing is ever rejected for extra fields, which stay in `raw`. Custom fields are read
 * at the top level or inside a `callback` object. Throws `DeliveryReportParseError` only when the
 * body is not a JSON object or a form.
 *
 * Verify first (`verifyDeliveryReport`): parsing proves nothing about who sent the body.
 */
export function parseDeliveryReport(body: string | Uint8Array | ArrayBuffer | URLSearchParams | Record<string, unknown>, contentType?: string): DeliveryReport {
  const raw = bodyRecord(body, contentType);
  const callback = field(raw, 'callback');
  const custom = isRecord(callback) ? callback : raw;
  const customField = (name: string) => field(raw, name) ?? field(custom, name);
  const report: DeliveryReport = { key: '', raw };
  const set = <K extends keyof DeliveryReport>(name: K, value: DeliveryReport[K] | undefined) => {
    if (value !== undefined) report[name] = value;
  };
  set('msg_id', str(field(raw, 'msg_id', 'msgId', 'message_id')));
  set('request_id', str(field(raw, 'request_id', 'requestId')));
  set('status', str(field(raw, 'status', 'delivery_status'))?.toUpperCase());
  set('channel', str(field(raw, 'channel')));
  set('destination', str(field(raw, 'destination', 'to')));
  set('event', str(field(raw, 'event', 'event_name')));
  set('distinct_id', str(field(raw, 'distinct_id')));
  set('timestamp', strOrNum(field(raw, 'timestamp', 'time', 'updated_at')));
  set('custom_id', strOrNum(customField('custom_id')));
  set('custom1', str(customField('custom1')));
  set('custom2', str(customField('custom2')));
  set('custom3', str(customField('custom3')));
  report.key =
    report.msg_id !== undefined && report.status !== undefined ? reportKey(report.msg_id, report.status) : `body:${bodyHash(canonicalBytes(body, raw))}`;
  return report;
}

const escapeKeyPart = (part: string) => part.replace(/%/g, '%25').replace(/#/g, '%23');

/**
 * `<msg_id>#<STATUS>`, the key users already store, whenever neither field holds a `#`. A field that
 * does would let two reports share a key (`a#B` + `C` and `a` + `B#C`), so then both fields are
 * escaped (`%` → `%25`, `#` → `%23`) and joined with `##`: exactly two `#` where the plain form has
 * exactly one and a `body:` key none, so no two different reports ever share a key.
 */
function reportKey(msgId: string, status: string): string {
  if (!msgId.includes('#') && !status.includes('#')) return `${msgId}#${status}`;
  return `${escapeKeyPart(msgId)}##${escapeKeyPart(status)}`;
}
