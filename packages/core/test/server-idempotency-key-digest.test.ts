/**
 * The namespaced Idempotency-Key is `notify:` + the SHA-256 (hex) of `JSON.stringify([distinct_id,
 * event, key])`, whichever hash computes it (Node's `createHash` where `process.getBuiltinModule`
 * exists, WebCrypto elsewhere): the expected values here are computed independently with WebCrypto,
 * including non-ASCII ids, so a key sent before the change is the key sent after it.
 */
import { describe, expect, it } from 'vitest';
import { namespacedIdempotencyKey } from '../src/server/idempotency-key';

async function expected(distinctId: string, event: string, key: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify([distinctId, event, key])));
  return `notify:${Buffer.from(digest).toString('hex')}`;
}

describe('namespacedIdempotencyKey digest', () => {
  it.each([
    ['u_1', 'order_shipped', 'click-1'],
    ['a:b', 'password_reset', 'c'],
    ['用户-ü-😀', 'évènement', '!~'],
    ['', '', 'k'.repeat(200)],
  ])('is notify: + SHA-256 of [%j, %j, %j]', async (distinctId, event, key) => {
    const key71 = await namespacedIdempotencyKey(distinctId, event, key);
    expect(key71).toBe(await expected(distinctId, event, key));
    expect(key71).toMatch(/^notify:[0-9a-f]{64}$/);
  });
});
