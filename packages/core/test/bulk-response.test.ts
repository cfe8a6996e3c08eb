import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bulkAnswersOf, joinBulkAnswers, lazyBulkResponse, mayHoldItemWithoutChannel, type BulkAnswer } from '../src/bulk-response';

const answer = (offset: number, count: number, requestId: string, extra: object[] = []): BulkAnswer => ({
  body: JSON.stringify({
    event: 'ev',
    received_time: 1_700_000_000_000 + offset,
    request_id: requestId,
    response: [
      ...Array.from({ length: count }, (_, j) => ({
        seq: j + 1,
        request_id: `${requestId}-${j}`,
        email: { destination: `u${offset + j}@x.io`, status: 'ok' },
      })),
      ...extra,
    ],
  }),
  offset,
  count,
  idempotencyKey: `k:${offset}`,
});

describe('joinBulkAnswers', () => {
  it('joins the requests in input order, numbering seq across the whole input, one requests entry each', () => {
    const joined = joinBulkAnswers('ev', [answer(0, 2, 'a'), answer(2, 3, 'b')]);
    expect(joined.response.map((item) => item.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(joined.response[3]!.request_id).toBe('b-1');
    expect(joined).toMatchObject({ event: 'ev', received_time: 1_700_000_000_000, request_id: 'a' });
    expect(joined.requests).toEqual([
      { request_id: 'a', received_time: 1_700_000_000_000, offset: 0, count: 2, idempotencyKey: 'k:0' },
      { request_id: 'b', received_time: 1_700_000_000_002, offset: 2, count: 3, idempotencyKey: 'k:2' },
    ]);
  });

  it('takes a 2xx body that is not a JSON object as an answer without items, instead of throwing', () => {
    const joined = joinBulkAnswers('ev', [{ body: '', offset: 0, count: 1, idempotencyKey: 'k' }]);
    expect(joined.event).toBe('ev');
    expect(joined.response).toEqual([]);
    expect(joined.requests).toEqual([{ request_id: undefined, received_time: undefined, offset: 0, count: 1, idempotencyKey: 'k' }]);
  });
});

describe('lazyBulkResponse', () => {
  afterEach(() => vi.restoreAllMocks());
  const answers = () => [answer(0, 2, 'a'), answer(2, 1, 'b')];

  it('parses nothing until a field is read, then each answer once', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const lazy = lazyBulkResponse('ev', answers());
    expect(parse).not.toHaveBeenCalled();
    expect(bulkAnswersOf(lazy)).toHaveLength(2);
    expect(lazy.response.map((item) => item.seq)).toEqual([1, 2, 3]);
    expect(lazy.request_id).toBe('a');
    expect(lazy.requests).toHaveLength(2);
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('reads, spreads, serializes, clones and compares like the plain result', () => {
    const plain = joinBulkAnswers('ev', answers());
    expect(lazyBulkResponse('ev', answers())).toEqual(plain);
    expect(JSON.parse(JSON.stringify(lazyBulkResponse('ev', answers())))).toEqual(JSON.parse(JSON.stringify(plain)));
    expect({ ...lazyBulkResponse('ev', answers()) }).toEqual(plain);
    expect(structuredClone(lazyBulkResponse('ev', answers()))).toEqual(plain);
    expect(Object.keys(lazyBulkResponse('ev', answers()))).toEqual(['event', 'received_time', 'request_id', 'response', 'requests']);
    expect(inspect(lazyBulkResponse('ev', answers()))).not.toContain('Getter');
    expect(inspect(lazyBulkResponse('ev', answers()))).toContain("request_id: 'a-1'");
    expect(bulkAnswersOf(plain)).toBeUndefined();
  });

  it('becomes plain data once read, and takes writes before and after', () => {
    const lazy = lazyBulkResponse('ev', answers());
    lazy.request_id = 'mine';
    expect(lazy.request_id).toBe('mine');
    expect(lazy.response).toHaveLength(3);
    expect(Object.getOwnPropertyDescriptor(lazy, 'response')).toMatchObject({ writable: true, enumerable: true });
    lazy.response = lazy.response.slice(1);
    expect(lazy.response.map((item) => item.seq)).toEqual([2, 3]);
  });

  it('still answers when frozen before any read', () => {
    const lazy = Object.freeze(lazyBulkResponse('ev', answers()));
    expect(lazy.response.map((item) => item.seq)).toEqual([1, 2, 3]);
    expect(lazy.event).toBe('ev');
  });
});

describe('mayHoldItemWithoutChannel', () => {
  /** The oracle: what the logger counts as reaching no channel, on the parsed answer. */
  const reachesNobody = (item: unknown) => typeof item === 'object' && item !== null && Object.keys(item).every((k) => k === 'seq' || k === 'request_id');

  it('is false for Fyno-shaped answers whose items all reached a channel, true when one did not', () => {
    expect(mayHoldItemWithoutChannel(answer(0, 100, 'r').body)).toBe(false);
    expect(
      mayHoldItemWithoutChannel(JSON.stringify({ request_id: 'r', response: [{ seq: 1, request_id: 'x', sms: { status: 'ok' }, push: [{ token: 't' }] }] })),
    ).toBe(false);
    for (const nobody of [
      { seq: 7, request_id: 'r-7' },
      { request_id: 'r-7', seq: 7 },
      { seq: 7 },
      { request_id: 'a "quoted} \\" id\\' },
      { seq: 7, request_id: null },
      {},
    ]) {
      expect(mayHoldItemWithoutChannel(answer(0, 3, 'r', [nobody]).body), JSON.stringify(nobody)).toBe(true);
      expect(mayHoldItemWithoutChannel(JSON.stringify(JSON.parse(answer(0, 3, 'r', [nobody]).body), null, 2)), JSON.stringify(nobody)).toBe(true);
    }
  });

  it('never misses an item without a channel, over 3 000 random answers (key order, spacing, hostile strings)', () => {
    let seed = 26;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const strings = ['r1', '}', '{}', '"}', 'a\\', '\\"}', '{"seq":1}', ':"seq"}', ' ', ''];
    const scalar = () => pick<unknown>([1, 0, -3.5e2, null, true, pick(strings)]);
    const shuffle = <T>(xs: T[]): T[] => xs.sort(() => random() - 0.5);
    let misses = 0;
    let flagged = 0;
    for (let n = 0; n < 3_000; n++) {
      const items = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, j) => {
        const members: Array<[string, unknown]> = [];
        if (random() < 0.9) members.push(['seq', random() < 0.9 ? j + 1 : scalar()]);
        if (random() < 0.8) members.push(['request_id', scalar()]);
        if (random() < 0.7) {
          for (const channel of shuffle(['email', 'sms', 'push']).slice(0, 1 + Math.floor(random() * 2))) {
            members.push([channel, random() < 0.8 ? { destination: pick(strings), seq: scalar(), status: 'ok' } : [{ token: pick(strings) }]]);
          }
        }
        return Object.fromEntries(random() < 0.7 ? members : shuffle(members));
      });
      const body = JSON.stringify({ event: pick(strings), request_id: scalar(), response: items }, null, random() < 0.3 ? 2 : 0);
      const truth = items.some(reachesNobody);
      const said = mayHoldItemWithoutChannel(body);
      if (truth && !said) misses++;
      if (said) flagged++;
    }
    expect(misses).toBe(0);
    // It does tell the two apart (not "true" for everything).
    expect(flagged).toBeLessThan(3_000);
  });
});
