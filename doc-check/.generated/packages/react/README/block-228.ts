import { isNotifyError, useNotify } from '@fyno-kit/react';
const { notifyAsync } = useNotify();
declare const order: string;
declare function retryIn(ms: number): void;
try {
  await notifyAsync('order_shipped', { order });
} catch (e) {
  if (isNotifyError(e) && e.code === 'rate_limited') retryIn(e.retryAfterMs ?? 1000);
}
