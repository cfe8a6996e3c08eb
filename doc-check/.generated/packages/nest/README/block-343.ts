import { Injectable } from '@nestjs/common';
import { FynoModule, InjectFynoQueue, type FynoEnqueuer } from '@fyno-kit/nest';

export const fynoModule = FynoModule.forRoot({ queue: { flushAt: 100, flushIntervalMs: 200 } }); // or { queue: createFynoQueue({ connection: REDIS_URL }) }

@Injectable()
export class OrdersService {
  constructor(@InjectFynoQueue() private readonly queue: FynoEnqueuer) {}
  shipped(orderId: string, userId: string) {
    return this.queue.enqueue('order_shipped', { distinct_id: userId, data: { order: orderId } });
  }
}
