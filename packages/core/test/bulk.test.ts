import { describe, expect, it } from 'vitest';
import { chunkBulk, utf8Length } from '../src/bulk';
import { FynoValidationError } from '../src/errors';

describe('utf8Length', () => {
  it('matches Buffer.byteLength for ASCII, 2-, 3- and 4-byte characters', () => {
    for (const text of ['', 'plain', 'café', '€uro', '日本語', '😀 emoji 👍🏽', 'mixed ✓ ü 😀 a']) {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text));
    }
  });
});

describe('chunkBulk', () => {
  const items = Array.from({ length: 50 }, (_, i) => ({ distinct_id: `u${i}`, data: { note: 'x'.repeat(100 + i) } }));

  it('keeps a small batch in one request whose body is valid JSON', () => {
    const chunks = chunkBulk('ev', items, 1_000_000, 1000);
    expect(chunks).toHaveLength(1);
    expect(JSON.parse(chunks[0]!.body)).toEqual({ event: 'ev', batch: items });
  });

  it('splits under the byte limit, in order, without losing an item', () => {
    const maxBytes = 2_000;
    const chunks = chunkBulk('ev', items, maxBytes, 1000);
    expect(chunks.length).toBeGreaterThan(1);
    const joined = chunks.flatMap((c) => {
      expect(Buffer.byteLength(c.body)).toBeLessThanOrEqual(maxBytes);
      return (JSON.parse(c.body) as { batch: unknown[] }).batch;
    });
    expect(joined).toEqual(items);
    let offset = 0;
    for (const c of chunks) {
      expect(c.offset).toBe(offset);
      offset += c.count;
    }
  });

  it('splits by item count', () => {
    const chunks = chunkBulk('ev', items, 10_000_000, 7);
    expect(chunks.map((c) => c.count)).toEqual([7, 7, 7, 7, 7, 7, 7, 1]);
  });

  it('counts multi-byte characters as bytes, not UTF-16 units', () => {
    const wide = Array.from({ length: 20 }, () => ({ distinct_id: 'u', data: { t: '😀'.repeat(50) } }));
    for (const c of chunkBulk('ev', wide, 1_000, 1000)) expect(Buffer.byteLength(c.body)).toBeLessThanOrEqual(1_000);
  });

  it('rejects an item that alone is over the limit', () => {
    expect(() => chunkBulk('ev', [{ distinct_id: 'u', data: { big: 'x'.repeat(5_000) } }], 1_000, 10)).toThrow(FynoValidationError);
  });
});
