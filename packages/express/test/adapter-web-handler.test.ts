/**
 * The shared notify-route contract against the web-standard handler (`createNotifyHandler`), served
 * through a minimal node:http → `Request` bridge like the ones Next.js, Hono and Bun run internally.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import { createNotifyHandler, type NotifyPolicy } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import { z } from 'zod';
import { runAdapterSuite } from '../../../tooling/test-support/adapter-suite';

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

runAdapterSuite('web-standard handler', {
  async start(policy) {
    const handler = createNotifyHandler(policy as NotifyPolicy<Request>);
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
      url: `http://127.0.0.1:${port}/api/fyno/notify`,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  },
  startEmulator,
  createClient: (options: FynoOptions) => new Fyno(options),
  orderSchema: z.object({ order: z.string() }),
});
