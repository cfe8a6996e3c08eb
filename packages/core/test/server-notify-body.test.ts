/** The notify route's body stage alone: size, JSON, depth and shape, then the Idempotency-Key. */
import { describe, expect, it } from 'vitest';
import { readNotifyBody, type NotifyBodyResult } from '../src/server/notify-body';
import type { ExchangeBody } from '../src/server/take-body';

const raw = (bytes: string | Uint8Array | undefined): ExchangeBody => ({ kind: 'raw', bytes });
const parsed = (value: unknown): ExchangeBody => ({ kind: 'parsed', value });
const read = (body: ExchangeBody, headers: Record<string, string> = {}, maxBodyBytes = 16_384) => readNotifyBody(body, (name) => headers[name], maxBodyBytes);
const codeOf = (result: NotifyBodyResult) => (result.ok ? 'ok' : (result.answer.body as { error: { code: string } }).error.code);

describe('readNotifyBody', () => {
  it('reads { event, data } from text, bytes or a parsed value, and passes a valid key on as it is', () => {
    expect(read(raw('{"event":"ping","data":{"é":"ü"}}'))).toEqual({ ok: true, input: { event: 'ping', data: { é: 'ü' }, idempotencyKey: undefined } });
    expect(read(raw(new TextEncoder().encode('{"event":"ping"}')), { 'idempotency-key': 'k-1' })).toEqual({
      ok: true,
      input: { event: 'ping', data: undefined, idempotencyKey: 'k-1' },
    });
    expect(read(parsed({ event: 'ping', data: { a: 1 } }))).toEqual({ ok: true, input: { event: 'ping', data: { a: 1 }, idempotencyKey: undefined } });
  });

  it('413 past the cap, counting UTF-8 bytes of text and the JSON size of a parsed value', () => {
    // 40 three-byte characters: under 100 characters, over 100 bytes.
    expect(codeOf(read(raw(JSON.stringify({ event: 'ping', data: { s: '€'.repeat(40) } })), {}, 100))).toBe('payload_too_large');
    expect(codeOf(read(parsed({ event: 'ping', data: { pad: 'x'.repeat(200) } }), {}, 100))).toBe('payload_too_large');
    expect(codeOf(read(raw(JSON.stringify({ event: 'ping', data: { s: 'x'.repeat(60) } })), {}, 100))).toBe('ok');
  });

  it('invalid_json for no body, malformed JSON, or bytes that are not UTF-8', () => {
    expect(codeOf(read(raw(undefined)))).toBe('invalid_json');
    expect(codeOf(read(raw('{')))).toBe('invalid_json');
    expect(codeOf(read(raw(new Uint8Array([0x7b, 0xff, 0x7d]))))).toBe('invalid_json');
  });

  it('refuses a body nested too deeply, text or parsed, with the same message', () => {
    const text = `{"event":"ping","data":${'['.repeat(100)}${']'.repeat(100)}}`;
    for (const body of [raw(text), parsed(JSON.parse(text))]) {
      const result = read(body);
      expect(result.ok ? undefined : result.answer.body).toEqual({ error: { code: 'invalid_body', message: 'The request body is nested too deeply.' } });
    }
  });

  it('refuses a wrong shape: a recipient field (forbidden_field), another key, or no event (invalid_body)', () => {
    expect(codeOf(read(parsed({ event: 'ping', to: null })))).toBe('forbidden_field');
    expect(codeOf(read(parsed({ event: 'ping', distinct_id: 'u_2' })))).toBe('forbidden_field');
    expect(codeOf(read(parsed({ event: 'ping', extra: 1 })))).toBe('invalid_body');
    expect(codeOf(read(parsed({ event: '' })))).toBe('invalid_body');
    expect(codeOf(read(parsed(['ping'])))).toBe('invalid_body');
    expect(codeOf(read(parsed(undefined)))).toBe('invalid_body');
  });

  it('checks the key only once the body is right, and refuses one that is not 1–200 visible ASCII characters', () => {
    expect(codeOf(read(raw('{'), { 'idempotency-key': 'has space' }))).toBe('invalid_json');
    for (const key of ['has space', 'x'.repeat(201), '', 'ключ']) {
      const result = read(raw('{"event":"ping"}'), { 'idempotency-key': key });
      expect(result.ok ? undefined : result.answer.body).toEqual({
        error: { code: 'invalid_body', message: 'Idempotency-Key must be 1 to 200 visible ASCII characters.' },
      });
    }
  });
});
