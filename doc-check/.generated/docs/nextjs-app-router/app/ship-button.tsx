'use client';
import { useNotify } from '@fyno-kit/react';
import type { policy } from '@/lib/notify-policy'; // type only: no server code in the bundle

export function ShipButton({ order }: { order: string }) {
  const { notify, isPending, isSuccess, error } = useNotify<typeof policy>();
  return (
    <>
      <button onClick={() => (document.cookie = 'demo_user=u_123; path=/; samesite=lax')}>Sign in as u_123</button>
      <button disabled={isPending} onClick={() => notify('order_shipped', { order })}>
        {isSuccess ? 'Sent' : error ? `Failed: ${error.code}` : 'Notify me'}
      </button>
    </>
  );
}
