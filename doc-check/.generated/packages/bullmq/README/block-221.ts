// app.module.ts — in every app process
import { Injectable } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { FynoModule, InjectFynoQueue, type FynoEnqueuer } from '@fyno-kit/nest';
import { createFynoQueue } from '@fyno-kit/bullmq';

export const fynoModule = FynoModule.forRootAsync({
  isGlobal: true,
  imports: [ConfigModule],
  inject: [ConfigService],
  useFactory: (c: ConfigService) => ({
    client: { workspaceId: c.get('FYNO_WSID'), apiKey: c.get('FYNO_API_KEY') },
    queue: createFynoQueue({ connection: c.getOrThrow<string>('REDIS_URL') }), // closed by app.close()
  }),
});

// orders.service.ts
interface Order {
  id: string;
  userId: string;
}

@Injectable()
export class OrdersService {
  constructor(@InjectFynoQueue() private readonly queue: FynoEnqueuer) {}
  shipped(o: Order) {
    return this.queue.enqueue('order_shipped', { distinct_id: o.userId, data: { order: o.id } }, { idempotencyKey: `${o.id}-shipped` });
  }
}

// fyno-worker.module.ts — only in processes that send; the Fyno client from FynoModule
import { Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Fyno } from '@fyno-kit/core';
import { createFynoWorker, type FynoBullWorker } from '@fyno-kit/bullmq';

@Module({})
export class FynoWorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: FynoBullWorker;
  constructor(private readonly fyno: Fyno) {}
  onApplicationBootstrap() {
    this.worker = createFynoWorker({ connection: process.env.REDIS_URL!, fyno: this.fyno, limiter: { max: 50, durationMs: 100 } });
  }
  onApplicationShutdown() {
    return this.worker?.close();
  } // enable app.enableShutdownHooks()
}
