import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { EventPayload } from '@fyno-kit/core';
import { startEmulator, type RunningEmulator } from '@fyno-kit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FynoModule, InjectFynoQueue, type FynoEnqueuer, type FynoModuleOptions } from '../src/index';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ port: 0, events: '*', quiet: true });
});
afterEach(() => emu.stop());

@Injectable()
class Orders {
  constructor(@InjectFynoQueue() readonly queue: FynoEnqueuer) {}
  shipped(id: number) {
    return this.queue.enqueue('order_shipped', { distinct_id: `u${id}`, data: { order: id } }, { idempotencyKey: `ship-${id}` });
  }
}

async function boot(extra: Partial<FynoModuleOptions>) {
  @Module({
    imports: [FynoModule.forRoot({ client: { workspaceId: emu.workspaceId, apiKey: emu.apiKey, baseUrl: emu.baseUrl }, ...extra })],
    providers: [Orders],
  })
  class AppModule {}
  return NestFactory.createApplicationContext(AppModule, { logger: false });
}

describe('@InjectFynoQueue()', () => {
  it("gives the client's in-process queue by default, drained by app.close()", async () => {
    const app = await boot({ queue: { flushAt: 1_000, flushIntervalMs: 60_000 } });
    const orders = app.get(Orders);
    for (let i = 0; i < 120; i++) await orders.shipped(i);
    expect(emu.messages({ event: 'order_shipped' })).toHaveLength(0);
    await app.close();
    const ids = emu.messages({ event: 'order_shipped' }).map((m) => m.distinct_id);
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
  });

  it('gives a durable queue when one is configured, passes the idempotency key, and closes it on shutdown', async () => {
    // A stand-in for a Redis-backed queue (e.g. @fyno-kit/bullmq's): app code does not change.
    class RecordingQueue implements FynoEnqueuer {
      readonly jobs: Array<{ event: string; payload: EventPayload; key?: string }> = [];
      closed = false;
      async enqueue(event: string, payload: EventPayload, options?: { idempotencyKey?: string }) {
        this.jobs.push({ event, payload, key: options?.idempotencyKey });
        return `job-${this.jobs.length}`;
      }
      async close() {
        this.closed = true;
      }
    }
    const durable = new RecordingQueue();
    const app = await boot({ queue: durable });
    const orders = app.get(Orders);
    expect(orders.queue).toBe(durable);
    expect(await orders.shipped(7)).toBe('job-1');
    expect(durable.jobs).toEqual([{ event: 'order_shipped', payload: { distinct_id: 'u7', data: { order: 7 } }, key: 'ship-7' }]);
    await app.close();
    expect(durable.closed).toBe(true);
    // Sending is the worker's job, in another process: nothing went to Fyno from here.
    expect(emu.messages()).toHaveLength(0);
  });
});
