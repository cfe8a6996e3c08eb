// browser
import { useNotify } from '@fyno-kit/react';
import type { policy } from '../server/notify'; // type only: no server code in the bundle

const { notify, isPending, error } = useNotify<typeof policy>();
notify('order_shipped', { order: 'A-1001' }); // a wrong event or data shape does not compile
