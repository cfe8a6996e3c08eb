/**
 * A minimal node:http → `Request` bridge like the ones Next.js, Hono and Bun run internally, so the
 * web-standard handlers are tested over a real socket.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

// Hand-rolled instead of Readable.toWeb: cancelling that destroys the socket before the 413 is written.
function bodyOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on('end', () => controller.close());
      req.on('error', (error) => controller.error(error));
    },
    pull() {
      req.resume();
    },
    cancel() {
      req.removeAllListeners('data');
      req.pause();
    },
  });
}

/** Serves `handler` on 127.0.0.1:0; `url` is `path` on it. */
export async function serveWebHandler(handler: (request: Request) => Promise<Response>, path: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const method = req.method ?? 'GET';
    const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: bodyOf(req), duplex: 'half' }),
    } as RequestInit);
    void handler(request).then(async (response) => {
      const out: Record<string, string> = {};
      response.headers.forEach((value, name) => (out[name] = value));
      if (!req.complete) out.connection = 'close';
      res.writeHead(response.status, out);
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
