/**
 * The result of a bulk call, built from Fyno's answers as text. Parsing a 100-item answer costs the
 * client more than building and sending the batch did, and most callers (a queue, a fire-and-forget
 * `await fyno.fireBulk(…)`) never read it: on Node the result is parsed on first read instead.
 */
import type { BulkItemResult, BulkRequestInfo, FireBulkResponse } from './types';

/** One bulk request's answer, unparsed, and what the request carried. */
export interface BulkAnswer {
  /** Fyno's 2xx body as text. */
  body: string;
  /** 0-based index of the request's first item in the whole input. */
  offset: number;
  count: number;
  idempotencyKey: string;
}

/** Raw bulk body as Fyno returns it for one request. */
interface WireBulkResponse {
  event?: string;
  received_time?: number;
  request_id?: string;
  response?: BulkItemResult[];
}

function parseAnswer(body: string): WireBulkResponse {
  try {
    const value = JSON.parse(body) as unknown;
    return typeof value === 'object' && value !== null ? (value as WireBulkResponse) : {};
  } catch {
    return {};
  }
}

/**
 * Joins the answers of a call's requests: `response` in input order with `seq` numbering the whole
 * input from 1, one `requests` entry per request, the rest from the first answer.
 */
export function joinBulkAnswers(event: string, answers: readonly BulkAnswer[]): FireBulkResponse {
  const response: BulkItemResult[] = [];
  const requests: BulkRequestInfo[] = [];
  let first: WireBulkResponse | undefined;
  for (const answer of answers) {
    const wire = parseAnswer(answer.body);
    first ??= wire;
    requests.push({
      request_id: wire.request_id,
      received_time: wire.received_time as number,
      offset: answer.offset,
      count: answer.count,
      idempotencyKey: answer.idempotencyKey,
    });
    const items = Array.isArray(wire.response) ? wire.response : [];
    for (let j = 0; j < items.length; j++) {
      const item = items[j]!;
      // Fyno numbers each request's items from 1; renumber across the whole input (in place: the
      // objects are fresh from JSON.parse and ours).
      item.seq = answer.offset + (typeof item.seq === 'number' ? item.seq : j + 1);
      response.push(item);
    }
  }
  return { event: first?.event ?? event, received_time: first?.received_time ?? Date.now(), request_id: first?.request_id, response, requests };
}

/** What a lazily parsed result holds until it is read (a non-enumerable property of it). */
interface Pending {
  event: string;
  answers: readonly BulkAnswer[];
  joined?: FireBulkResponse;
}
const PENDING = Symbol('fyno.bulkAnswers');
const FIELDS = ['event', 'received_time', 'request_id', 'response', 'requests'] as const;
type Lazy = FireBulkResponse & { [PENDING]: Pending };

/** Parses a lazy result's answers once and turns its fields into plain data properties. */
function joinOnce(result: Lazy): FireBulkResponse {
  const pending = result[PENDING];
  if (pending.joined) return pending.joined;
  const joined = joinBulkAnswers(pending.event, pending.answers);
  pending.joined = joined;
  // A frozen or sealed result keeps its accessors, which go on answering from `joined`.
  if (Object.isExtensible(result)) {
    for (const field of FIELDS) Object.defineProperty(result, field, { value: joined[field], writable: true, enumerable: true, configurable: true });
  }
  return joined;
}

// One set of accessors shared by every lazy result (`this` is the result): a bulk call allocates
// no closures for them.
const LAZY_FIELDS: PropertyDescriptorMap = {
  // `console.log(result)` shows the data, not five [Getter]s.
  [Symbol.for('nodejs.util.inspect.custom')]: {
    value(this: Lazy) {
      return { ...joinOnce(this) };
    },
  },
};
for (const field of FIELDS) {
  LAZY_FIELDS[field] = {
    get(this: Lazy) {
      return joinOnce(this)[field];
    },
    set(this: Lazy, value: unknown) {
      const joined = joinOnce(this);
      // A data property now, unless the result was made non-extensible before its first read.
      ((Object.isExtensible(this) ? this : joined) as unknown as Record<string, unknown>)[field] = value;
    },
    enumerable: true,
    configurable: true,
  };
}

/**
 * `joinBulkAnswers`, done on the first read of any field. The fields are own enumerable properties
 * (spread, `JSON.stringify`, `toEqual` and `structuredClone` see them); the first read or write
 * parses every answer and turns them into plain data properties.
 */
export function lazyBulkResponse(event: string, answers: readonly BulkAnswer[]): FireBulkResponse {
  const result = Object.defineProperty({}, PENDING, { value: { event, answers } satisfies Pending });
  return Object.defineProperties(result, LAZY_FIELDS) as FireBulkResponse;
}

/** The unparsed answers behind a result of `lazyBulkResponse`, or undefined for any other value. */
export function bulkAnswersOf(value: unknown): readonly BulkAnswer[] | undefined {
  return (value as { [PENDING]?: Pending } | null | undefined)?.[PENDING]?.answers;
}

const isSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
/** A character of a number, `true`, `false` or `null`. */
const isScalar = (code: number): boolean =>
  (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) || code === 0x2e || code === 0x2b || code === 0x2d;

/** Index of the last non-space character before `end`, or -1. */
function lastNonSpace(text: string, end: number): number {
  let i = end - 1;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  return i;
}

/**
 * Whether the object closed by the `}` at `close` may be an item that reached no channel: it is
 * empty, or its last member is `seq` or `request_id` with a value that is not an object or array.
 */
function mayCloseItemWithoutChannel(text: string, close: number): boolean {
  let i = lastNonSpace(text, close);
  const last = text.charCodeAt(i);
  if (last === 0x7b) return true; // `{}`
  if (last === 0x7d || last === 0x5d) return false; // the last value is an object or an array
  if (last === 0x22) {
    // A string value: back to its opening quote (one preceded by an odd number of `\` is escaped).
    // A loop, not `lastIndexOf`: that is a runtime call costing more than the few characters of a
    // typical value (`"ok"`), and this runs for most `}` of every answer.
    for (;;) {
      do i--;
      while (i >= 0 && text.charCodeAt(i) !== 0x22);
      if (i < 0) return false;
      let slashes = 0;
      while (text.charCodeAt(i - 1 - slashes) === 0x5c) slashes++;
      if (slashes % 2 === 0) break;
    }
  } else {
    // A number, true, false or null: back over its characters.
    while (i >= 0 && isScalar(text.charCodeAt(i))) i--;
    i++;
  }
  i = lastNonSpace(text, i);
  if (text.charCodeAt(i) !== 0x3a) return false; // no `:`: this `}` was inside a string
  const keyEnd = lastNonSpace(text, i);
  // The key's last letter first: most keys end neither like "seq" nor like "request_id".
  const letter = text.charCodeAt(keyEnd - 1);
  if (letter === 0x71) return text.startsWith('"seq"', keyEnd - 4);
  return letter === 0x64 && text.startsWith('"request_id"', keyEnd - 11);
}

/**
 * Whether an answer may hold an item that reached no channel, without parsing it. Such an item has
 * no member but `seq` and `request_id`, so it is `{}` or its last member is one of them: every `}`
 * is checked for closing such an object. False means no item of it lacks a channel (unless its
 * `seq` or `request_id` is an object, which Fyno never sends); true means parse and look, which an
 * empty object elsewhere, a channel whose last member is `seq`, or a `}` in a string may also cause.
 */
export function mayHoldItemWithoutChannel(body: string): boolean {
  for (let close = body.indexOf('}'); close !== -1; close = body.indexOf('}', close)) {
    if (mayCloseItemWithoutChannel(body, close)) return true;
    // A `}` right after a `}` closes an object whose last value is an object: no such item. Skipped
    // here without a search (an item closing after its last channel's object, most of an answer).
    do close++;
    while (body.charCodeAt(close) === 0x7d);
  }
  return false;
}
