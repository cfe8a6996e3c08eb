/**
 * The notify route's body stage: the body the exchange took (raw bytes, or a value the host's parser
 * made) → size → JSON → depth and shape → the `Idempotency-Key` header. Nothing here knows the user
 * or the policy: whether the event and data are allowed is the next stage's business.
 */
import { byteLengthOf, checkBodyShape, measureParsedBody, parseJsonBody } from './body';
import type { NotifyHttpResponse } from './http-types';
import { isValidIdempotencyKey } from './idempotency-key';
import { errorResponse } from './response';
import type { ExchangeBody } from './take-body';

/** The browser's request once its body and key are known to be well formed. */
export interface NotifyInput {
  event: string;
  /** Unchecked: the data rule decides. `undefined` when absent. */
  data: unknown;
  /** The browser's own key, valid but not yet namespaced. */
  idempotencyKey: string | undefined;
}

export type NotifyBodyResult = { ok: true; input: NotifyInput } | { ok: false; answer: NotifyHttpResponse };

const refuse = (answer: NotifyHttpResponse): NotifyBodyResult => ({ ok: false, answer });

/** Reads `{ event, data }` and the key out of a request whose head passed `precheckNotify`. */
export function readNotifyBody(body: ExchangeBody, header: (name: string) => string | undefined, maxBodyBytes: number): NotifyBodyResult {
  let value: unknown;
  let depthChecked = false;
  if (body.kind === 'parsed') {
    // The framework parsed it already: measure what was parsed, depth first (nothing recursive
    // may touch a body nested 8,000 deep), never trusting a declared length.
    const measured = measureParsedBody(body.value, maxBodyBytes);
    if (measured === 'too_deep') return refuse(errorResponse('invalid_body', { message: 'The request body is nested too deeply.' }));
    if (measured === 'too_large') return refuse(errorResponse('payload_too_large'));
    value = body.value;
    depthChecked = true;
  } else {
    if (byteLengthOf(body.bytes) > maxBodyBytes) return refuse(errorResponse('payload_too_large'));
    const parsed = parseJsonBody(body.bytes);
    if (!parsed.ok) return refuse(errorResponse('invalid_json'));
    value = parsed.value;
  }

  const shape = checkBodyShape(value, depthChecked);
  if (!shape.ok) return refuse(errorResponse(shape.code, shape.message === undefined ? {} : { message: shape.message }));

  const idempotencyKey = header('idempotency-key');
  if (idempotencyKey !== undefined && !isValidIdempotencyKey(idempotencyKey)) {
    return refuse(errorResponse('invalid_body', { message: 'Idempotency-Key must be 1 to 200 visible ASCII characters.' }));
  }
  return { ok: true, input: { event: shape.body.event, data: shape.body.data, idempotencyKey } };
}
