// client
import { useNotify } from '@fyno-kit/react';
import type { policy } from '../server/notify';

export function useResetPassword() {
  const { notify } = useNotify<typeof policy>();
  return () => notify('password_reset'); // data may be left out: its rule has no `data` check
}
