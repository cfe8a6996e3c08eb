'use client';
/**
 * The interactive page, and the one `'use client'` boundary: the shared demo page (everything it
 * imports runs in the browser too) with "send, then leave" navigating the Next.js way. Server code
 * is imported by type only.
 */
import { DemoPage, SendAndLeave } from '@fyno-kit/demo-shared/page';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export function Demo() {
  const router = useRouter();
  // As a <Link> in view would: the next page is ready, so the push unmounts the card at once.
  useEffect(() => router.prefetch('/sent'), [router]);
  return <DemoPage title="fyno-kit · Next.js App Router demo" sendAndLeave={<SendAndLeave onLeave={() => router.push('/sent')} />} />;
}
