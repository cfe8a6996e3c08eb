// components/reset-button.tsx
'use client';
import { useRouter } from 'next/navigation';
import { useNotify } from '@fyno-kit/react';
import type { AppPolicy } from '../server/policy';

export function ResetButton() {
  const router = useRouter();
  const { notify, isPending } = useNotify<AppPolicy>();
  return (
    <button
      disabled={isPending}
      onClick={() => {
        notify('password_reset');
        router.push('/check-your-email');
      }}
    >
      Reset password
    </button>
  );
}
