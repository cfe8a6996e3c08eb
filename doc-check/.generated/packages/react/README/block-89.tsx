import { useNotify } from '@fyno-kit/react';
import type { policy } from './server/notify';
declare function toast(message: string): void;
declare const router: { push(href: string): void };
const { notify } = useNotify<typeof policy>({
  onError: (error) => toast(`Could not send: ${error.code}`), // hook level: every call
});
notify('password_reset', undefined, {
  onSuccess: () => router.push('/check-your-email'), // call level: this call only
});
