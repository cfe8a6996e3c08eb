// app/layout.tsx (a Server Component)
import { FynoProvider } from '@fyno-kit/react';

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <FynoProvider endpoint="/api/fyno/notify">{children}</FynoProvider>
      </body>
    </html>
  );
}
