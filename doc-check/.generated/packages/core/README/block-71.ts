import { Fyno } from '@fyno-kit/core';
type MyEvents = { order_shipped: { order: string }; password_reset: Record<string, never> };
const fyno = new Fyno<MyEvents>();
await fyno.fire('order_shipped', { distinct_id: 'u_1', data: { order: 'A-1' } }); // ok
// @ts-expect-error: 'order_shiped' is not an event of MyEvents
await fyno.fire('order_shiped', { distinct_id: 'u_1' }); // compile error
