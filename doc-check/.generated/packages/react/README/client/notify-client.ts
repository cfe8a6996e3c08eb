declare const csrf: string;
import { createNotifyClient } from '@fyno-kit/react';
import type { policy } from '../server/notify';

const client = createNotifyClient<typeof policy>({ headers: { 'X-CSRF-Token': csrf } });
const body = await client.notify('order_shipped', { order: 'A-1001' }, { idempotencyKey: 'order-A-1001' });
