/**
 * The root layout: a Server Component. `FynoProvider` comes from a `'use client'` module, so a
 * Server Component can render it with serialisable props (an endpoint, headers), never a function.
 */
import type { ReactNode } from 'react';
import { FynoProvider } from '@fyno-kit/react';
import '@fyno-kit/demo-shared/styles.css';

export const metadata = {
  title: 'fyno-kit Next.js demo',
  description: 'Fire Fyno notifications from a Next.js App Router page through a route handler that holds the key.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <FynoProvider endpoint="/api/fyno/notify">{children}</FynoProvider>
      </body>
    </html>
  );
}
