import { Fyno } from '@fyno-kit/core';

const fyno = new Fyno();
const res = await fyno.fire('order_shipped', { distinct_id: 'u_123', data: { order: 'A-1001' }, callback: { custom_id: 'order-A-1001' } });
console.log(`fired ${res.request_id}`);
await fyno.close();
