'use client';
/** The /sent page's notice: the shared page components are client components (they use hooks). */
import { SentNotice } from '@fyno-kit/demo-shared/page';
import Link from 'next/link';

export function Sent() {
  return <SentNotice back={<Link href="/">Back to the demo</Link>} />;
}
