/**
 * The shared notify-route suite through the Lambda handler: a local HTTP front turns each request
 * into a payload-2.0 event, as a Function URL does (the body buffered whole, JSON as text, binary or
 * compressed bodies in base64) and, as a second run, with every body in base64; the handler's result
 * goes back as the HTTP answer.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fyno, type FynoOptions } from '@fyno-kit/core';
import type { NotifyHandlerPolicy } from '@fyno-kit/core/server';
import { startEmulator } from '@fyno-kit/emulator';
import { z } from 'zod';
import { runAdapterSuite } from '@fyno-kit/test-support/adapter-suite';
import { notifyHandler, type LambdaNotifyContext } from '../src/index';
import { MAX_EVENT_BODY_BYTES, readAll, toEvent } from './function-url-front';

for (const alwaysBase64 of [false, true]) {
  runAdapterSuite(alwaysBase64 ? 'AWS Lambda (every body base64)' : 'AWS Lambda (Function URL events)', {
    // The platform buffers the body before the function runs: trickled and aborted uploads never reach it.
    routeReadsBody: false,
    slowBody: 'platform',
    async start(policy) {
      const handler = notifyHandler(policy as unknown as NotifyHandlerPolicy<LambdaNotifyContext>);
      const server = createServer(async (req, res) => {
        const body = await readAll(req).catch(() => undefined);
        if (body === undefined) return;
        if (body.length > MAX_EVENT_BODY_BYTES) return void res.writeHead(413).end();
        const result = await handler(toEvent(req, body, alwaysBase64), {});
        res.writeHead(result.statusCode, result.headers);
        res.end(req.method === 'HEAD' ? undefined : result.body);
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
}
