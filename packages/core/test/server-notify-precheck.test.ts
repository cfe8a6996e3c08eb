/** The notify route's first stage alone: the checks that need no body, cheapest first. */
import { describe, expect, it } from 'vitest';
import { precheckNotify } from '../src/server/notify-precheck';

const head = (method: string, headers: Record<string, string> = {}) => ({ method, header: (name: string) => headers[name] });
const json = { 'content-type': 'application/json' };
const codeOf = (answer: ReturnType<typeof precheckNotify>) => (answer?.body as { error?: { code: string } } | undefined)?.error?.code;

describe('precheckNotify', () => {
  it('passes a JSON POST within the cap (any method case, a declared length at the cap, identity coding)', () => {
    expect(precheckNotify(head('POST', json), 100)).toBeUndefined();
    expect(precheckNotify(head('post', { ...json, 'content-length': '100', 'content-encoding': ' identity ' }), 100)).toBeUndefined();
  });

  it('405 with Allow: POST for any other method, before anything else', () => {
    const answer = precheckNotify(head('PUT', { 'content-type': 'text/plain', 'content-length': '999999' }), 100);
    expect({ status: answer?.status, code: codeOf(answer), allow: answer?.headers.allow }).toEqual({ status: 405, code: 'method_not_allowed', allow: 'POST' });
  });

  it('415 for a body that is not JSON, before its declared size', () => {
    expect(codeOf(precheckNotify(head('POST', { 'content-type': 'text/plain', 'content-length': '999999' }), 100))).toBe('unsupported_media_type');
    expect(codeOf(precheckNotify(head('POST'), 100))).toBe('unsupported_media_type');
  });

  it('413 for a declared length over the cap, before the coding', () => {
    expect(codeOf(precheckNotify(head('POST', { ...json, 'content-length': '101', 'content-encoding': 'gzip' }), 100))).toBe('payload_too_large');
  });

  it('415 for any content coding, which would let a small body inflate past the cap', () => {
    const answer = precheckNotify(head('POST', { ...json, 'content-encoding': 'gzip' }), 100);
    expect(answer?.body).toEqual({ error: { code: 'unsupported_media_type', message: 'Send the body without Content-Encoding.' } });
    expect(answer?.headers['cache-control']).toBe('no-store');
  });
});
