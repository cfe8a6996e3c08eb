/**
 * The send-later queue contract (`FynoEnqueuer` in @fyno-kit/core), run against every queue that keeps
 * it: core's in-process `FynoQueue` and `@fyno-kit/bullmq`'s durable queue, each sending to the
 * emulator over a socket. What differs between them is tested beside each (core/test/queue.test.ts,
 * bullmq/test/worker.test.ts).
 */
import { describe, expect, it } from 'vitest';

/**
 * The contract, structurally: core's own tests run this suite by path (see core/test/queue.test.ts),
 * so it takes nothing from core, whose build may not exist yet when core is type-checked.
 */
export interface EnqueuerLike {
  enqueue(event: string, payload: { distinct_id?: string; data?: object }, options?: { idempotencyKey?: string }): unknown;
  close(): Promise<unknown>;
}

/** One queue under test, with a way to wait until what it accepted reached the emulator. */
export interface EnqueuerHarness {
  queue: EnqueuerLike;
  /** Resolves once every accepted notification was sent (or failed for good). */
  settle(): Promise<void>;
  /** The messages the emulator accepted so far. */
  messages(): Array<{ event: string; distinct_id?: string }>;
  /** Frees what the harness started (the queue may already be closed). */
  dispose(): Promise<void>;
}

/** Calls `enqueue` and turns a throw or a rejection alike into a rejected promise. */
const enqueue = (queue: EnqueuerLike, ...args: Parameters<EnqueuerLike['enqueue']>) => Promise.resolve().then(() => queue.enqueue(...args));

/** The tests every send-later queue passes; `make` gives a fresh queue (events `order_shipped`, `otp`). */
export function runEnqueuerSuite(name: string, make: () => Promise<EnqueuerHarness>): void {
  describe(`FynoEnqueuer contract: ${name}`, () => {
    async function withQueue(test: (h: EnqueuerHarness) => Promise<void>): Promise<void> {
      const harness = await make();
      try {
        await test(harness);
      } finally {
        await harness.dispose();
      }
    }

    it('sends what it accepted, with and without a key', () =>
      withQueue(async (h) => {
        await enqueue(h.queue, 'order_shipped', { distinct_id: 'u_plain', data: { order: 'A1' } });
        await enqueue(h.queue, 'order_shipped', { distinct_id: 'u_keyed', data: { order: 'A2' } }, { idempotencyKey: 'order-A2-shipped' });
        await h.settle();
        expect(
          h
            .messages()
            .map((m) => m.distinct_id)
            .sort(),
        ).toEqual(['u_keyed', 'u_plain']);
      }));

    it('never sends one idempotencyKey twice: not while the first waits, not after it was sent', () =>
      withQueue(async (h) => {
        const key = 'order-B7-shipped';
        await enqueue(h.queue, 'order_shipped', { distinct_id: 'u_once', data: { order: 'B7' } }, { idempotencyKey: key });
        await enqueue(h.queue, 'order_shipped', { distinct_id: 'u_once', data: { order: 'B7' } }, { idempotencyKey: key });
        await h.settle();
        await enqueue(h.queue, 'order_shipped', { distinct_id: 'u_once', data: { order: 'B7' } }, { idempotencyKey: key });
        await h.settle();
        // Two other keys are two notifications: the key is per notification, never per batch.
        await enqueue(h.queue, 'order_shipped', { distinct_id: 'u_two' }, { idempotencyKey: 'k-1' });
        await enqueue(h.queue, 'order_shipped', { distinct_id: 'u_two' }, { idempotencyKey: 'k-2' });
        await h.settle();
        expect(h.messages().filter((m) => m.distinct_id === 'u_once')).toHaveLength(1);
        expect(h.messages().filter((m) => m.distinct_id === 'u_two')).toHaveLength(2);
      }));

    it('refuses at enqueue, before storing anything: an empty event name, a bad payload, a malformed key', () =>
      withQueue(async (h) => {
        await expect(enqueue(h.queue, '  ', { distinct_id: 'u' })).rejects.toMatchObject({ code: 'validation_error' });
        await expect(enqueue(h.queue, 'order_shipped', { distinct_id: 42 as never })).rejects.toMatchObject({ code: 'validation_error' });
        await expect(enqueue(h.queue, 'order_shipped', { distinct_id: 'u' }, { idempotencyKey: '' })).rejects.toMatchObject({
          code: 'validation_error',
          field: 'idempotencyKey',
        });
        await expect(enqueue(h.queue, 'order_shipped', { distinct_id: 'u' }, { idempotencyKey: 'x'.repeat(256) })).rejects.toMatchObject({
          code: 'validation_error',
        });
        await h.settle();
        expect(h.messages()).toEqual([]);
      }));

    it('close() lets what was accepted finish, and nothing is taken after it', () =>
      withQueue(async (h) => {
        await enqueue(h.queue, 'otp', { distinct_id: 'u_before_close' });
        await h.queue.close();
        await h.settle();
        expect(h.messages().map((m) => m.distinct_id)).toEqual(['u_before_close']);
        await expect(enqueue(h.queue, 'otp', { distinct_id: 'u_after_close' })).rejects.toBeInstanceOf(Error);
      }));
  });
}
