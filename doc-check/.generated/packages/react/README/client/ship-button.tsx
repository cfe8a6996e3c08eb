'use client'; // Next.js App Router: hooks run in client components only
import { useNotify } from '@fyno-kit/react';
import type { policy } from '../server/notify'; // type only: no server code in the bundle

export function ShipButton({ order }: { order: string }) {
  const { notify, isPending, isSuccess, error } = useNotify<typeof policy>();
  return (
    <button disabled={isPending} onClick={() => notify('order_shipped', { order })}>
      {isSuccess ? 'Sent' : error ? `Failed: ${error.code}` : 'Notify me'}
    </button>
  );
}
