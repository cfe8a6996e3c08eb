/** Test helpers: a real Express app on a real socket, for either major version. */
import { createServer, type Server, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import express5 from 'express';
import express4 from 'express4';

/** The two Express majors the package supports, by name. */
export const EXPRESS_VERSIONS = [
  { name: 'Express 5', express: express5 },
  { name: 'Express 4', express: express4 },
] as const;

export type ExpressFactory = () => Express;

/**
 * Listens on 127.0.0.1:0; `close()` also drops kept-alive sockets so tests end promptly. With
 * `serverOptions` (say `requestTimeout`), serves through `http.createServer(serverOptions, app)`.
 */
export async function listen(app: Express, serverOptions?: ServerOptions): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    if (serverOptions) {
      const s = createServer(serverOptions, app);
      s.listen(0, '127.0.0.1', () => resolve(s));
      return;
    }
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
