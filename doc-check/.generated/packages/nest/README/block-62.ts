import { Injectable } from '@nestjs/common';
import { Fyno } from '@fyno-kit/core';

interface Order {
  id: string;
  userId: string;
}

@Injectable()
export class OrdersService {
  constructor(private readonly fyno: Fyno) {}
  shipped(o: Order) {
    return this.fyno.fire('order_shipped', { distinct_id: o.userId, data: { order: o.id } });
  }
}
