/**
 * The parsed-body measure counts UTF-8 bytes without encoding: it must agree with `TextEncoder` on
 * every kind of string (ASCII, 2- and 3-byte characters, surrogate pairs, lone surrogates at any place),
 * and so must the JSON text measure of a parsed body's strings and keys.
 */
import { describe, expect, it } from 'vitest';
import { jsonStringBytes, utf8Length } from '../src/server/body';

const encoder = new TextEncoder();
const UNITS = [0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xfffd, 0xffff, 0xd83d, 0xde00, 0xdbff, 0xdc00, 0x00, 0x0a, 0x4e2d];

describe('utf8Length', () => {
  it.each(['', 'abc', 'ü', '中文', '😀', 'a😀b', '\ud83d', '\ude00', '\ude00\ud83d', 'x\ud83dy', '\ud83d\ud83d\ude00'])(
    'agrees with TextEncoder on %j',
    (text) => {
      expect(utf8Length(text)).toBe(encoder.encode(text).byteLength);
    },
  );

  it('agrees with TextEncoder on 20,000 strings of mixed code units', () => {
    // A fixed linear congruential sequence: the same strings on every run.
    let seed = 12_345;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let n = 0; n < 20_000; n++) {
      const units = Array.from({ length: next() % 12 }, () => UNITS[next() % UNITS.length]!);
      const text = String.fromCharCode(...units);
      expect(utf8Length(text)).toBe(encoder.encode(text).byteLength);
    }
  });
});

describe('jsonStringBytes', () => {
  // Also the characters JSON escapes: quote, backslash, the short escapes and other controls.
  const JSON_UNITS = [...UNITS, 0x22, 0x5c, 0x08, 0x09, 0x0c, 0x0d, 0x01, 0x1f, 0x20, 0x7e, 0x2028];

  it.each(['', 'abc', '"', '\\', '\n', '\u0001', '\u001f', '€', '😀', '\ud83d', '\ude00', 'a"b\\c\td'])('counts JSON.stringify(%j) in UTF-8', (text) => {
    expect(jsonStringBytes(text)).toBe(encoder.encode(JSON.stringify(text)).byteLength);
  });

  it('counts 20,000 strings of mixed code units as TextEncoder does their JSON text', () => {
    let seed = 54_321;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let n = 0; n < 20_000; n++) {
      const units = Array.from({ length: next() % 12 }, () => JSON_UNITS[next() % JSON_UNITS.length]!);
      const text = String.fromCharCode(...units);
      expect(jsonStringBytes(text)).toBe(encoder.encode(JSON.stringify(text)).byteLength);
    }
  });
});
