import { useNotify } from '@fyno-kit/react';
import type { policy } from './server/notify';
const { notify } = useNotify<typeof policy>();
declare const order: string;
const controller = new AbortController();
notify('order_shipped', { order }, { signal: controller.signal });
controller.abort(); // → error.code === 'aborted'
